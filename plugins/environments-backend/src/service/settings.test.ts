import { ConfigReader } from '@backstage/config';
import { resolve } from 'node:path';
import { readEnvironmentsSettings, teamQuota } from './settings';

/** The embedded default's demo: the built-in catalogue and the local provisioner. */
const demo = { builtInTypes: true, provisioner: { gitops: { mode: 'local' } } };

describe('readEnvironmentsSettings', () => {
  it('applies the defaults and puts the local repository in the backend data directory', () => {
    const settings = readEnvironmentsSettings(
      new ConfigReader({
        backend: { database: { connection: { directory: '/var/runway' } } },
        environments: demo,
      }),
    );
    expect(settings.missingConfig).toEqual([]);
    expect(settings.types.map(type => type.name)).toEqual([
      'preview',
      'dev',
      'staging',
      'perf',
    ]);
    expect(
      settings.reminderOffsets.map(offset => offset.as('minutes')),
    ).toEqual([1440, 60]);
    expect(settings.gitops).toEqual({
      mode: 'local',
      directory: '/var/runway/environments-gitops',
      path: 'environments',
      urlTemplate: 'https://{name}.env.localhost',
    });
    expect(settings.startOnChange).toBe(true);
    expect(settings.leaseMs).toBe(300_000);
  });

  it('reads a configured catalogue, quotas, reminders and the GitHub mode', () => {
    const settings = readEnvironmentsSettings(
      new ConfigReader({
        environments: {
          currency: 'EUR',
          types: [
            {
              name: 'qa',
              sizes: [{ name: 's', pricePerDay: 1, cpu: '1', memory: '1Gi' }],
              defaultTtlHours: 4,
              maxTtlHours: 8,
              approvers: ['team-qa'],
            },
          ],
          quotas: {
            maxPerTeam: 2,
            teams: [{ team: 'group:default/big', maxEnvironments: 9 }],
          },
          reminders: [{ minutes: 15 }, { hours: 2 }],
          provisioner: {
            gitops: {
              mode: 'github',
              github: { repoUrl: 'https://github.com/acme/envs' },
            },
          },
        },
      }),
    );
    expect(settings.currency).toBe('EUR');
    expect(settings.types).toEqual([
      expect.objectContaining({
        name: 'qa',
        title: 'qa',
        autoApprove: false,
        allowSelfApproval: false,
        approvers: ['group:default/team-qa'],
      }),
    ]);
    expect(
      settings.reminderOffsets.map(offset => offset.as('minutes')),
    ).toEqual([120, 15]);
    expect(teamQuota(settings.quotas, 'group:default/big')).toEqual({
      maxEnvironments: 9,
      monthlyBudget: 1000,
    });
    expect(
      teamQuota(settings.quotas, 'group:default/other').maxEnvironments,
    ).toBe(2);
    expect(settings.gitops).toMatchObject({
      mode: 'github',
      repoUrl: 'https://github.com/acme/envs',
      baseBranch: 'main',
    });
  });

  it('falls back to .runway/data when the database connection is a string', () => {
    const settings = readEnvironmentsSettings(
      new ConfigReader({
        backend: { database: { connection: ':memory:' } },
        environments: demo,
      }),
    );
    expect(settings.gitops).toMatchObject({
      directory: resolve('.runway/data/environments-gitops'),
    });
  });

  it('resolves a relative local directory against the working directory', () => {
    const settings = readEnvironmentsSettings(
      new ConfigReader({
        environments: {
          builtInTypes: true,
          provisioner: {
            gitops: { mode: 'local', local: { directory: 'gitops' } },
          },
        },
      }),
    );
    expect(settings.gitops).toMatchObject({ directory: resolve('gitops') });
  });

  it.each([
    ['no environments config', [{}]],
    [
      'environments: null over the demo',
      [{ environments: demo }, { environments: null }],
    ],
    [
      'the demo keys nulled',
      [
        { environments: demo },
        {
          environments: {
            builtInTypes: null,
            provisioner: { gitops: { mode: null } },
          },
        },
      ],
    ],
  ])(
    'is not configured, without demo types or a provisioner, with %s',
    (_, layers) => {
      const settings = readEnvironmentsSettings(
        ConfigReader.fromConfigs(
          layers.map((data, index) => ({ context: `layer ${index}`, data })),
        ),
      );
      expect(settings.types).toEqual([]);
      expect(settings.gitops).toBeUndefined();
      expect(settings.missingConfig).toEqual([
        'environments.types (or environments.builtInTypes: true)',
        'environments.provisioner.gitops.mode',
      ]);
    },
  );

  it.each([
    [{ builtInTypes: true }, ['environments.provisioner.gitops.mode']],
    [
      { builtInTypes: false, provisioner: { gitops: { mode: 'local' } } },
      ['environments.types (or environments.builtInTypes: true)'],
    ],
    [
      { types: [], provisioner: { gitops: { mode: 'local' } } },
      ['environments.types (or environments.builtInTypes: true)'],
    ],
  ])(
    'names what is missing and offers no types when half configured: %j',
    (environments, missing) => {
      const settings = readEnvironmentsSettings(
        new ConfigReader({ environments }),
      );
      expect(settings.missingConfig).toEqual(missing);
      expect(settings.types).toEqual([]);
      expect(settings.gitops).toBeUndefined();
    },
  );

  it.each([
    [
      {
        builtInTypes: true,
        types: [
          {
            name: 'qa',
            sizes: [{ name: 's', pricePerDay: 1, cpu: '1', memory: '1Gi' }],
          },
        ],
      },
      /environments\.builtInTypes: cannot be true while environments\.types is set/,
    ],
    [
      { types: [{ name: 'Bad Name', sizes: [] }] },
      /environments\.types\[0\]\.name/,
    ],
    [
      {
        types: [
          {
            name: 'x',
            defaultTtlHours: 10,
            maxTtlHours: 5,
            sizes: [{ name: 's', pricePerDay: 1, cpu: '1', memory: '1Gi' }],
          },
        ],
      },
      /environments\.types\[0\]\.defaultTtlHours: must not exceed maxTtlHours \(5\)/,
    ],
    [
      { quotas: { maxPerService: 0 } },
      /environments\.quotas\.maxPerService: must be a number > 0/,
    ],
    [
      { provisioner: { gitops: { mode: 'ftp' } } },
      /environments\.provisioner\.gitops\.mode/,
    ],
  ])('refuses invalid config %j, naming the key', (environments, message) => {
    expect(() =>
      readEnvironmentsSettings(new ConfigReader({ environments })),
    ).toThrow(message);
  });
});
