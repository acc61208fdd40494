import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AttributionRules } from '../attribution/AttributionIndex';
import { parseEntityRefParam } from './CostAttribution';

/** A directory of FOCUS exports imported on the schedule. */
export interface LocalSourceSettings {
  name: string;
  glob: string;
}

/** The `cost` config with its defaults applied (see config.d.ts). */
export interface CostSettings {
  attribution: AttributionRules;
  catalogCacheTtlMs: number;
  maxUploadBytes: number;
  defaultUploadSource: string;
  batchSize: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  localSources: LocalSourceSettings[];
  /** Import generated demo cost for the catalog's components. */
  demo: boolean;
}

export const DEFAULT_TAG_KEYS = ['backstage-component', 'service', 'app'];
export const DEFAULT_CATALOG_CACHE_TTL_SECONDS = 60;
export const DEFAULT_MAX_UPLOAD_MB = 100;
export const DEFAULT_UPLOAD_SOURCE = 'upload';
export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 15 },
};

function positive(key: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`cost.${key}: must be a number > 0, got ${value}`);
  }
  return value;
}

export function readCostSettings(config: Config): CostSettings {
  const cost = config.getOptionalConfig('cost');
  const scheduleConfig = cost?.getOptionalConfig('import.schedule');
  return {
    attribution: {
      tagKeys:
        cost?.getOptionalStringArray('attribution.tagKeys') ?? DEFAULT_TAG_KEYS,
      accountSystems: (
        cost?.getOptionalConfigArray('attribution.accountSystems') ?? []
      ).map((rule, index) => ({
        subAccountId: rule.getString('subAccountId'),
        system: parseEntityRefParam(
          `cost.attribution.accountSystems[${index}].system`,
          rule.getString('system').includes(':')
            ? rule.getString('system')
            : `system:${rule.getString('system')}`,
        ),
      })),
    },
    catalogCacheTtlMs:
      (cost?.getOptionalNumber('catalogCacheTtlSeconds') ??
        DEFAULT_CATALOG_CACHE_TTL_SECONDS) * 1000,
    maxUploadBytes: Math.floor(
      positive(
        'upload.maxSizeMb',
        cost?.getOptionalNumber('upload.maxSizeMb') ?? DEFAULT_MAX_UPLOAD_MB,
      ) *
        1024 *
        1024,
    ),
    defaultUploadSource:
      cost?.getOptionalString('upload.defaultSource') ?? DEFAULT_UPLOAD_SOURCE,
    batchSize: positive(
      'import.batchSize',
      cost?.getOptionalNumber('import.batchSize') ?? DEFAULT_BATCH_SIZE,
    ),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    localSources: (cost?.getOptionalConfigArray('sources.local') ?? []).map(
      source => ({
        name: source.getString('name'),
        glob: source.getString('glob'),
      }),
    ),
    demo: cost?.getOptionalBoolean('demo.enabled') ?? false,
  };
}
