import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { EnvironmentType } from '@runway/plugin-environments-common';
import { Duration } from 'luxon';
import { resolve } from 'node:path';

/** Limits of one team. */
export interface TeamQuota {
  maxEnvironments: number;
  monthlyBudget: number;
}

export interface QuotaSettings {
  maxPerService: number;
  defaultTeam: TeamQuota;
  /** Overrides by normalized group ref. */
  teams: Map<string, Partial<TeamQuota>>;
}

export type GitOpsSettings = {
  path: string;
  urlTemplate: string;
} & (
  | { mode: 'local'; directory: string }
  | { mode: 'github'; repoUrl: string; baseBranch: string }
);

/** The `environments` config with its defaults applied (see config.d.ts). */
export interface EnvironmentsSettings {
  currency: string;
  /** Empty while the plugin is not configured: nothing can be requested. */
  types: EnvironmentType[];
  /**
   * The config keys still to set before environments can be requested (the type catalogue
   * and the provisioner); empty when the plugin is configured.
   */
  missingConfig: string[];
  quotas: QuotaSettings;
  /** Largest first. */
  reminderOffsets: Duration[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  startOnChange: boolean;
  leaseMs: number;
  /** Absent while the plugin is not configured. */
  gitops?: GitOpsSettings;
}

const size = (
  name: string,
  pricePerDay: number,
  cpu: string,
  memory: string,
) => ({
  name,
  pricePerDay,
  cpu,
  memory,
});
const SMALL = size('small', 2.4, '1', '2Gi');
const MEDIUM = size('medium', 4.8, '2', '4Gi');
const LARGE = size('large', 9.6, '4', '8Gi');
const XLARGE = size('xlarge', 38.4, '8', '32Gi');

/** The built-in catalogue, used only when `environments.builtInTypes` is true. */
export const DEFAULT_TYPES: EnvironmentType[] = [
  {
    name: 'preview',
    title: 'Preview',
    description: 'A branch deployed for review; gone after a day or two.',
    sizes: [SMALL, MEDIUM],
    defaultTtlHours: 24,
    maxTtlHours: 72,
    autoApprove: true,
    budget: 20,
    approvers: [],
    allowSelfApproval: false,
  },
  {
    name: 'dev',
    title: 'Development',
    description: 'A shared environment for a team working on a feature.',
    sizes: [SMALL, MEDIUM, LARGE],
    defaultTtlHours: 72,
    maxTtlHours: 336,
    autoApprove: true,
    budget: 50,
    approvers: [],
    allowSelfApproval: false,
  },
  {
    name: 'staging',
    title: 'Staging',
    description: 'A production-like environment; approved by the owning team.',
    sizes: [MEDIUM, LARGE],
    defaultTtlHours: 168,
    maxTtlHours: 720,
    autoApprove: false,
    approvers: [],
    allowSelfApproval: false,
  },
  {
    name: 'perf',
    title: 'Performance test',
    description: 'Large, short-lived; approved by the platform team.',
    sizes: [LARGE, XLARGE],
    defaultTtlHours: 8,
    maxTtlHours: 48,
    autoApprove: false,
    approvers: ['group:default/team-platform'],
    allowSelfApproval: false,
  },
];

export const DEFAULT_CURRENCY = 'USD';
export const DEFAULT_TTL_HOURS = 24;
export const DEFAULT_MAX_TTL_HOURS = 72;
export const DEFAULT_MAX_PER_TEAM = 5;
export const DEFAULT_MAX_PER_SERVICE = 3;
export const DEFAULT_MONTHLY_TEAM_BUDGET = 1000;
export const DEFAULT_REMINDERS: HumanDuration[] = [{ days: 1 }, { hours: 1 }];
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 10 },
};
export const DEFAULT_LEASE_SECONDS = 300;
export const DEFAULT_GITOPS_PATH = 'environments';
export const DEFAULT_URL_TEMPLATE = 'https://{name}.env.localhost';
export const DEFAULT_DATA_DIR = '.runway/data';
const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function fail(key: string, reason: string): never {
  throw new Error(`environments.${key}: ${reason}`);
}

function positive(key: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    fail(key, `must be a number > 0, got ${value}`);
  }
  return value;
}

/** Normalized group ref; a bare name means a group in the default namespace. */
export function normalizeGroupRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** Config keys that turn the catalogue and the provisioner on, named in the not-configured state. */
export const TYPES_KEYS =
  'environments.types (or environments.builtInTypes: true)';
export const PROVISIONER_KEY = 'environments.provisioner.gitops.mode';

/** The configured catalogue, the built-in one when asked for, else none. */
function readTypes(config: Config | undefined): EnvironmentType[] {
  const configured = config?.getOptionalConfigArray('types');
  const builtIn = config?.getOptionalBoolean('builtInTypes') ?? false;
  if (configured && builtIn) {
    fail(
      'builtInTypes',
      'cannot be true while environments.types is set; use one or the other',
    );
  }
  if (builtIn) {
    return DEFAULT_TYPES;
  }
  const types = (configured ?? []).map((type, index): EnvironmentType => {
    const key = `types[${index}]`;
    const name = type.getString('name');
    if (!NAME.test(name)) {
      fail(
        `${key}.name`,
        `"${name}" must be lower-case letters, digits and dashes`,
      );
    }
    const defaultTtlHours = positive(
      `${key}.defaultTtlHours`,
      type.getOptionalNumber('defaultTtlHours') ?? DEFAULT_TTL_HOURS,
    );
    const maxTtlHours = positive(
      `${key}.maxTtlHours`,
      type.getOptionalNumber('maxTtlHours') ??
        Math.max(DEFAULT_MAX_TTL_HOURS, defaultTtlHours),
    );
    if (defaultTtlHours > maxTtlHours) {
      fail(
        `${key}.defaultTtlHours`,
        `must not exceed maxTtlHours (${maxTtlHours})`,
      );
    }
    const sizes = type.getConfigArray('sizes').map((entry, sizeIndex) => ({
      name: entry.getString('name'),
      title: entry.getOptionalString('title'),
      pricePerDay: entry.getNumber('pricePerDay'),
      cpu: entry.getString('cpu'),
      memory: entry.getString('memory'),
      sizeIndex,
    }));
    if (sizes.length === 0) {
      fail(`${key}.sizes`, 'needs at least one size');
    }
    for (const entry of sizes) {
      if (!(entry.pricePerDay >= 0)) {
        fail(`${key}.sizes[${entry.sizeIndex}].pricePerDay`, 'must be >= 0');
      }
    }
    return {
      name,
      title: type.getOptionalString('title') ?? name,
      description: type.getOptionalString('description'),
      sizes: sizes.map(({ sizeIndex: _, ...entry }) => entry),
      defaultTtlHours,
      maxTtlHours,
      autoApprove: type.getOptionalBoolean('autoApprove') ?? false,
      budget: type.getOptionalNumber('budget'),
      approvers: (type.getOptionalStringArray('approvers') ?? []).map(
        normalizeGroupRef,
      ),
      allowSelfApproval: type.getOptionalBoolean('allowSelfApproval') ?? false,
    };
  });
  const names = new Set<string>();
  for (const type of types) {
    if (names.has(type.name)) {
      fail('types', `type "${type.name}" is listed twice`);
    }
    names.add(type.name);
  }
  return types;
}

/** The provisioner's settings; undefined until a mode is chosen (there is no default one). */
function readGitOps(
  root: Config,
  config: Config | undefined,
): GitOpsSettings | undefined {
  const gitops = config?.getOptionalConfig('provisioner.gitops');
  const mode = gitops?.getOptionalString('mode');
  if (!gitops || mode === undefined) {
    return undefined;
  }
  const common = {
    path: gitops.getOptionalString('path') ?? DEFAULT_GITOPS_PATH,
    urlTemplate:
      gitops.getOptionalString('urlTemplate') ?? DEFAULT_URL_TEMPLATE,
  };
  if (mode === 'github') {
    return {
      ...common,
      mode,
      repoUrl: gitops.getString('github.repoUrl'),
      baseBranch: gitops.getOptionalString('github.baseBranch') ?? 'main',
    };
  }
  if (mode !== 'local') {
    fail(
      'provisioner.gitops.mode',
      `must be "local" or "github", got "${mode}"`,
    );
  }
  // The backend's data directory is where its SQLite files live in the embedded default;
  // the connection may also be a string (`:memory:`, a PostgreSQL URL), which names none.
  const connection = root.getOptional('backend.database.connection');
  const directory =
    typeof connection === 'object' &&
    connection !== null &&
    !Array.isArray(connection)
      ? connection.directory
      : undefined;
  const dataDir = typeof directory === 'string' ? directory : DEFAULT_DATA_DIR;
  return {
    ...common,
    mode,
    directory: resolve(
      gitops.getOptionalString('local.directory') ??
        resolve(dataDir, 'environments-gitops'),
    ),
  };
}

export function readEnvironmentsSettings(root: Config): EnvironmentsSettings {
  const config = root.getOptionalConfig('environments');
  const quotas = config?.getOptionalConfig('quotas');
  const scheduleConfig = config?.getOptionalConfig('lifecycle.schedule');
  const reminders = config?.getOptionalConfigArray('reminders');
  const types = readTypes(config);
  const gitops = readGitOps(root, config);
  const missingConfig = [
    ...(types.length === 0 ? [TYPES_KEYS] : []),
    ...(gitops ? [] : [PROVISIONER_KEY]),
  ];
  const configured = missingConfig.length === 0;
  return {
    currency: config?.getOptionalString('currency') ?? DEFAULT_CURRENCY,
    types: configured ? types : [],
    missingConfig,
    quotas: {
      maxPerService: positive(
        'quotas.maxPerService',
        quotas?.getOptionalNumber('maxPerService') ?? DEFAULT_MAX_PER_SERVICE,
      ),
      defaultTeam: {
        maxEnvironments: positive(
          'quotas.maxPerTeam',
          quotas?.getOptionalNumber('maxPerTeam') ?? DEFAULT_MAX_PER_TEAM,
        ),
        monthlyBudget: positive(
          'quotas.monthlyTeamBudget',
          quotas?.getOptionalNumber('monthlyTeamBudget') ??
            DEFAULT_MONTHLY_TEAM_BUDGET,
        ),
      },
      teams: new Map(
        (quotas?.getOptionalConfigArray('teams') ?? []).map(team => [
          normalizeGroupRef(team.getString('team')),
          {
            maxEnvironments: team.getOptionalNumber('maxEnvironments'),
            monthlyBudget: team.getOptionalNumber('monthlyBudget'),
          },
        ]),
      ),
    },
    reminderOffsets: (reminders
      ? reminders.map(reminder => readDurationFromConfig(reminder))
      : DEFAULT_REMINDERS
    )
      .map(duration => Duration.fromObject(duration))
      .sort((a, b) => b.toMillis() - a.toMillis()),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    startOnChange:
      config?.getOptionalBoolean('lifecycle.startOnChange') ?? true,
    leaseMs:
      positive(
        'lifecycle.leaseSeconds',
        config?.getOptionalNumber('lifecycle.leaseSeconds') ??
          DEFAULT_LEASE_SECONDS,
      ) * 1000,
    gitops: configured ? gitops : undefined,
  };
}

/** A team's limits: its overrides over the defaults. */
export function teamQuota(quotas: QuotaSettings, teamRef: string): TeamQuota {
  const override = quotas.teams.get(teamRef) ?? {};
  return {
    maxEnvironments:
      override.maxEnvironments ?? quotas.defaultTeam.maxEnvironments,
    monthlyBudget: override.monthlyBudget ?? quotas.defaultTeam.monthlyBudget,
  };
}

/**
 * Why nothing can be requested while the plugin is not configured, naming the keys to set;
 * undefined when it is configured.
 */
export function notConfiguredReason(
  settings: Pick<EnvironmentsSettings, 'missingConfig'>,
): string | undefined {
  if (settings.missingConfig.length === 0) {
    return undefined;
  }
  return `Environments are not configured: set ${settings.missingConfig.join(
    ' and ',
  )} (see the @runway/plugin-environments-backend README)`;
}
