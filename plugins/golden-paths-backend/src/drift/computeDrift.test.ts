import { compareVersions, computeDrift, TemplateInfo } from './computeDrift';

const NOW = new Date('2026-11-22T10:00:00.000Z');

const template: TemplateInfo = {
  ref: 'template:default/typescript-service',
  title: 'TypeScript service',
  version: '1.2.0',
  changelog: [
    { version: '1.2.0', body: '- Trivy IaC' },
    { version: '1.1.0', body: '- PDB' },
    { version: '1.0.0', body: '- First' },
  ],
};

const entity = (recordedVersion?: string) => ({
  ref: 'component:default/checkout',
  title: 'Checkout',
  ownerRef: 'group:default/team-storefront',
  templateRef: 'template:default/typescript-service',
  recordedVersion,
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.1.0', 'upgrade-available'],
    ['1.1.0', '1.1.0', 'current'],
    ['1.10.0', '1.9.0', 'ahead'],
    ['1.0.0-rc.1', '1.0.0', 'upgrade-available'],
  ])('%s against %s is %s', (recorded, current, status) => {
    expect(compareVersions(recorded, current)).toBe(status);
  });
});

describe('computeDrift', () => {
  it('lists the changes between an older recorded version and the current one', () => {
    expect(computeDrift(entity('1.0.0'), template, NOW)).toEqual({
      entityRef: 'component:default/checkout',
      entityTitle: 'Checkout',
      ownerRef: 'group:default/team-storefront',
      templateRef: 'template:default/typescript-service',
      templateTitle: 'TypeScript service',
      recordedVersion: '1.0.0',
      currentVersion: '1.2.0',
      status: 'upgrade-available',
      changes: [
        { version: '1.2.0', body: '- Trivy IaC' },
        { version: '1.1.0', body: '- PDB' },
      ],
      checkedAt: '2026-11-22T10:00:00.000Z',
    });
  });

  it('says current or ahead without changes', () => {
    expect(computeDrift(entity('1.2.0'), template, NOW)).toMatchObject({
      status: 'current',
      changes: [],
    });
    expect(computeDrift(entity('2.0.0'), template, NOW)).toMatchObject({
      status: 'ahead',
      changes: [],
    });
  });

  it('is unversioned when the entity records no valid version', () => {
    expect(computeDrift(entity(undefined), template, NOW).status).toBe(
      'unversioned',
    );
    expect(computeDrift(entity('latest'), template, NOW)).toMatchObject({
      status: 'unversioned',
      recordedVersion: 'latest',
    });
  });

  it('is unknown-template without the template or its valid version', () => {
    expect(computeDrift(entity('1.0.0'), undefined, NOW)).toMatchObject({
      status: 'unknown-template',
      currentVersion: undefined,
    });
    expect(
      computeDrift(entity('1.0.0'), { ...template, version: 'one' }, NOW)
        .status,
    ).toBe('unknown-template');
  });

  it('passes on why the changelog could not be read', () => {
    expect(
      computeDrift(
        entity('1.0.0'),
        { ...template, changelog: [], changelogError: 'no CHANGELOG.md' },
        NOW,
      ),
    ).toMatchObject({
      status: 'upgrade-available',
      changes: [],
      changelogError: 'no CHANGELOG.md',
    });
  });
});
