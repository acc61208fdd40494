import { invalidBranchNameReason } from './gitRefName';

describe('invalidBranchNameReason (git check-ref-format --branch)', () => {
  it.each([
    'main',
    'develop',
    'feature/invoice-pdf',
    'release/2026.12',
    'a.b',
    'user@host',
    'v1.0-rc.1',
    'fix/émoji-ünicode',
    'x.lockfile',
  ])('accepts %j', name => {
    expect(invalidBranchNameReason(name)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['@', 'is "@" alone'],
    ['HEAD', 'is HEAD'],
    ['-main', 'starts with "-"'],
    ['main..dev', 'contains ".."'],
    ['..', 'contains ".."'],
    ['main@{1}', 'contains "@{"'],
    ['has space', 'contains a space or control character (U+0020)'],
    ['tab\there', 'contains a space or control character (U+0009)'],
    ['nul\u0000', 'contains a space or control character (U+0000)'],
    ['del\u007f', 'contains a space or control character (U+007F)'],
    ['new\nline', 'contains a space or control character (U+000A)'],
    ['a~1', 'contains "~"'],
    ['a^2', 'contains "^"'],
    ['a:b', 'contains ":"'],
    ['what?', 'contains "?"'],
    ['wild*', 'contains "*"'],
    ['[x]', 'contains "["'],
    ['back\\slash', 'contains "\\"'],
    ['/main', 'starts or ends with "/"'],
    ['main/', 'starts or ends with "/"'],
    ['feature//x', 'contains "//"'],
    ['main.', 'ends with "."'],
    ['.hidden', 'has a component starting with "." (.hidden)'],
    ['feature/.x', 'has a component starting with "." (.x)'],
    ['main.lock', 'has a component ending with ".lock" (main.lock)'],
    ['a.lock/b', 'has a component ending with ".lock" (a.lock)'],
  ])('refuses %j: %s', (name, reason) => {
    expect(invalidBranchNameReason(name)).toBe(reason);
  });
});
