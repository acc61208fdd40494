import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRefParam } from '@runway/backend-utils';
import { AttributionRules, TagRule } from '../attribution/AttributionIndex';
import { DEMO_SOURCE } from '../demo/DemoDataSource';
import { ImportLimits } from '../focus/limits';
import { OpenCostSourceSettings } from '../ingest/OpenCostSource';
import { S3SourceSettings } from '../ingest/S3Source';
import {
  aggregateTagKey,
  CLUSTER_TAG,
  NAMESPACE_TAG,
} from '../opencost/allocationRows';

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
  /** What one file may cost to read, uploaded or from a source. */
  limits: ImportLimits;
  schedule: SchedulerServiceTaskScheduleDefinition;
  localSources: LocalSourceSettings[];
  s3Sources: S3SourceSettings[];
  openCostSources: OpenCostSourceSettings[];
  /** Import generated demo cost for the catalog's components. */
  demo: boolean;
}

export const DEFAULT_TAG_KEYS = ['backstage-component', 'service', 'app'];
export const DEFAULT_CATALOG_CACHE_TTL_SECONDS = 60;
export const DEFAULT_MAX_UPLOAD_MB = 100;
export const DEFAULT_UPLOAD_SOURCE = 'upload';
export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_MAX_DECOMPRESSED_MB = 2048;
export const DEFAULT_MAX_ROWS_PER_FILE = 20_000_000;
export const DEFAULT_MAX_PARQUET_PAGE_MB = 64;
export const DEFAULT_MAX_PARQUET_ROW_GROUP_MB = 1024;
export const DEFAULT_OPENCOST_WINDOW = '3d';
export const DEFAULT_OPENCOST_AGGREGATE = 'namespace';
export const DEFAULT_OPENCOST_CURRENCY = 'USD';
/** Longest OpenCost pull: OpenCost keeps about as much history by default. */
const MAX_OPENCOST_WINDOW_DAYS = 90;
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

/** An entity ref from config; `defaultKind` applies when the value names no kind. */
function entityRefConfig(
  key: string,
  value: string,
  defaultKind: string,
): string {
  return parseEntityRefParam(
    key,
    value.includes(':') ? value : `${defaultKind}:${value}`,
  );
}

function readS3Source(source: Config): S3SourceSettings {
  const credentials = source.getOptionalConfig('credentials');
  return {
    name: source.getString('name'),
    bucket: source.getString('bucket'),
    prefix: source.getOptionalString('prefix'),
    region: source.getOptionalString('region'),
    endpoint: source.getOptionalString('endpoint'),
    forcePathStyle: source.getOptionalBoolean('forcePathStyle'),
    credentials: credentials && {
      accessKeyId: credentials.getString('accessKeyId'),
      secretAccessKey: credentials.getString('secretAccessKey'),
      sessionToken: credentials.getOptionalString('sessionToken'),
    },
  };
}

function readOpenCostSource(
  source: Config,
  index: number,
): OpenCostSourceSettings {
  const window = source.getOptionalString('window') ?? DEFAULT_OPENCOST_WINDOW;
  const days = /^(\d+)d$/.exec(window);
  if (
    !days ||
    Number(days[1]) < 1 ||
    Number(days[1]) > MAX_OPENCOST_WINDOW_DAYS
  ) {
    throw new Error(
      `cost.sources.opencost[${index}].window: must be whole days from 1d to ${MAX_OPENCOST_WINDOW_DAYS}d, got "${window}"`,
    );
  }
  return {
    name: source.getString('name'),
    baseUrl: source.getString('baseUrl'),
    token: source.getOptionalString('token'),
    windowDays: Number(days[1]),
    aggregate:
      source.getOptionalString('aggregate') ?? DEFAULT_OPENCOST_AGGREGATE,
    currency: (
      source.getOptionalString('currency') ?? DEFAULT_OPENCOST_CURRENCY
    ).toUpperCase(),
  };
}

/** An OpenCost source's namespace and label mapping, as attribution rules on row tags. */
function readOpenCostMapping(source: Config, index: number): TagRule[] {
  return (source.getOptionalConfigArray('mapping') ?? []).map(
    (rule, ruleIndex) => {
      const key = `cost.sources.opencost[${index}].mapping[${ruleIndex}]`;
      const namespace = rule.getOptionalString('namespace');
      const cluster = rule.getOptionalString('cluster');
      const labels = rule.getOptionalConfig('labels');
      const tags: Record<string, string> = {
        ...(namespace ? { [NAMESPACE_TAG]: namespace } : {}),
        ...(cluster ? { [CLUSTER_TAG]: cluster } : {}),
        ...Object.fromEntries(
          (labels?.keys() ?? []).map(label => [
            aggregateTagKey(`label:${label}`),
            labels!.getString(label),
          ]),
        ),
      };
      if (Object.keys(tags).length === 0) {
        throw new Error(
          `${key}: needs a namespace, cluster or labels to match`,
        );
      }
      return {
        tags,
        entity: entityRefConfig(
          `${key}.entity`,
          rule.getString('entity'),
          'component',
        ),
      };
    },
  );
}

/** Source names are the unit of replacement: two sources of one name would undo each other. */
function assertUniqueSourceNames(settings: CostSettings): void {
  const names = [
    ...settings.localSources,
    ...settings.s3Sources,
    ...settings.openCostSources,
  ].map(source => source.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) {
    throw new Error(
      `cost.sources: the source name "${repeated}" is used more than once`,
    );
  }
}

/**
 * Source names uploads may not use: those of the configured sources and of the demo. An
 * upload into one of them would replace, and be replaced by, that source's billing periods.
 */
export function reservedSourceNames(settings: CostSettings): Set<string> {
  return new Set([
    DEMO_SOURCE,
    ...settings.localSources.map(source => source.name),
    ...settings.s3Sources.map(source => source.name),
    ...settings.openCostSources.map(source => source.name),
  ]);
}

const MIB = 1024 * 1024;

function readLimits(cost: Config | undefined): ImportLimits {
  const mebibytes = (key: string, fallback: number) =>
    Math.floor(
      positive(
        `import.${key}`,
        cost?.getOptionalNumber(`import.${key}`) ?? fallback,
      ) * MIB,
    );
  return {
    maxDecompressedBytes: mebibytes(
      'maxDecompressedMb',
      DEFAULT_MAX_DECOMPRESSED_MB,
    ),
    maxRowsPerFile: positive(
      'import.maxRowsPerFile',
      cost?.getOptionalNumber('import.maxRowsPerFile') ??
        DEFAULT_MAX_ROWS_PER_FILE,
    ),
    maxParquetPageBytes: mebibytes(
      'maxParquetPageMb',
      DEFAULT_MAX_PARQUET_PAGE_MB,
    ),
    maxParquetRowGroupBytes: mebibytes(
      'maxParquetRowGroupMb',
      DEFAULT_MAX_PARQUET_ROW_GROUP_MB,
    ),
  };
}

export function readCostSettings(config: Config): CostSettings {
  const settings = readSettings(config);
  assertUniqueSourceNames(settings);
  return settings;
}

function readSettings(config: Config): CostSettings {
  const cost = config.getOptionalConfig('cost');
  const scheduleConfig = cost?.getOptionalConfig('import.schedule');
  const openCost = cost?.getOptionalConfigArray('sources.opencost') ?? [];
  return {
    attribution: {
      tagRules: openCost.flatMap(readOpenCostMapping),
      tagKeys:
        cost?.getOptionalStringArray('attribution.tagKeys') ?? DEFAULT_TAG_KEYS,
      accountSystems: (
        cost?.getOptionalConfigArray('attribution.accountSystems') ?? []
      ).map((rule, index) => ({
        subAccountId: rule.getString('subAccountId'),
        system: entityRefConfig(
          `cost.attribution.accountSystems[${index}].system`,
          rule.getString('system'),
          'system',
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
      ) * MIB,
    ),
    defaultUploadSource:
      cost?.getOptionalString('upload.defaultSource') ?? DEFAULT_UPLOAD_SOURCE,
    batchSize: positive(
      'import.batchSize',
      cost?.getOptionalNumber('import.batchSize') ?? DEFAULT_BATCH_SIZE,
    ),
    limits: readLimits(cost),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    localSources: (cost?.getOptionalConfigArray('sources.local') ?? []).map(
      source => ({
        name: source.getString('name'),
        glob: source.getString('glob'),
      }),
    ),
    s3Sources: (cost?.getOptionalConfigArray('sources.s3') ?? []).map(
      readS3Source,
    ),
    openCostSources: openCost.map(readOpenCostSource),
    demo: cost?.getOptionalBoolean('demo.enabled') ?? false,
  };
}
