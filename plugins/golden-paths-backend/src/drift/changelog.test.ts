import { changesBetween, parseChangelog } from './changelog';

const CHANGELOG = `# Changelog

Every version of this template, newest first.

## Unreleased

- Not out yet.

## [1.2.0] - 2026-11-20

- Trivy now also scans IaC.

\`\`\`yaml
## not a heading inside a fence
\`\`\`

## v1.1.0

- Adds a PodDisruptionBudget.
- Pins actions by SHA.

### Upgrade notes

Run the retrofit template.

## 1.0.0

- First release.
`;

describe('parseChangelog', () => {
  it('reads versioned sections in file order, bodies without headings', () => {
    const entries = parseChangelog(CHANGELOG);
    expect(entries.map(e => e.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(entries[0].body).toBe(
      '- Trivy now also scans IaC.\n\n```yaml\n## not a heading inside a fence\n```',
    );
    expect(entries[1].body).toContain('### Upgrade notes');
    expect(entries[1].body).toContain('Run the retrofit template.');
    expect(entries[2].body).toBe('- First release.');
  });

  it('finds nothing in a changelog without version headings', () => {
    expect(parseChangelog('# Changelog\n\nNothing yet.\n')).toEqual([]);
    expect(parseChangelog('')).toEqual([]);
  });

  it('handles CRLF line endings', () => {
    expect(parseChangelog('## 2.0.0\r\n\r\n- Windows\r\n')).toEqual([
      { version: '2.0.0', body: '- Windows' },
    ]);
  });
});

describe('changesBetween', () => {
  const entries = parseChangelog(CHANGELOG);

  it('returns what came after the recorded version up to the current one, newest first', () => {
    expect(
      changesBetween(entries, '1.0.0', '1.2.0').map(e => e.version),
    ).toEqual(['1.2.0', '1.1.0']);
    expect(
      changesBetween(entries, '1.0.0', '1.1.0').map(e => e.version),
    ).toEqual(['1.1.0']);
  });

  it('includes versions the recorded one never saw when the file is out of order', () => {
    const shuffled = [entries[2], entries[0], entries[1]];
    expect(
      changesBetween(shuffled, '0.9.0', '1.2.0').map(e => e.version),
    ).toEqual(['1.2.0', '1.1.0', '1.0.0']);
  });

  it('is empty when nothing lies in between', () => {
    expect(changesBetween(entries, '1.2.0', '1.2.0')).toEqual([]);
  });
});
