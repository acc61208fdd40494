import { verifyGitlabToken } from './verifyGitlabToken';

describe('verifyGitlabToken', () => {
  const token = 'runway-gitlab-hook-token';

  it('accepts the configured token', () => {
    expect(verifyGitlabToken(token, token)).toEqual({ valid: true });
  });

  it.each([
    ['runway-gitlab-hook-tokeN', 'mismatch'],
    ['runway', 'mismatch'],
    [`${token}${token}`, 'mismatch'],
    ['', 'missing-credential'],
    [undefined, 'missing-credential'],
    [[token, token], 'malformed-credential'],
  ])('rejects %p as %s', (header, reason) => {
    expect(verifyGitlabToken(token, header)).toEqual({ valid: false, reason });
  });

  it('refuses every token when none is configured', () => {
    expect(verifyGitlabToken('', 'any')).toEqual({
      valid: false,
      reason: 'missing-secret',
    });
  });

  it('judges the request before the secret, so callers cannot tell whether one is set', () => {
    expect(verifyGitlabToken('', '')).toEqual(verifyGitlabToken(token, ''));
    expect(verifyGitlabToken('', ['a', 'b'])).toEqual(
      verifyGitlabToken(token, ['a', 'b']),
    );
  });
});
