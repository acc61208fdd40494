import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Runway's cost plugin: FinOps FOCUS imports and cost per catalog entity. */
  cost?: {
    attribution?: {
      /**
       * FOCUS `Tags` keys whose value names the entity a cost row belongs to (a Component's
       * name, an entity ref, or a value listed in an entity's `runway.dev/cost-tags`
       * annotation), in order of precedence.
       * @default ["backstage-component", "service", "app"]
       */
      tagKeys?: string[];
      /**
       * Cloud sub-accounts (AWS account, Azure subscription, GCP project...) whose cost,
       * when no tag names an entity, belongs to a System. An entity's
       * `runway.dev/cost-accounts` annotation takes precedence.
       */
      accountSystems?: Array<{
        subAccountId: string;
        /** System entity ref, e.g. `system:default/shop` (the `system:` kind is optional). */
        system: string;
      }>;
    };
    /**
     * How long the catalog's entities are reused for attribution before being re-read.
     * @default 60
     */
    catalogCacheTtlSeconds?: number;
    upload?: {
      /**
       * Largest file `POST /api/cost/imports` accepts, in MiB; larger uploads get a 413.
       * @default 100
       */
      maxSizeMb?: number;
      /**
       * Source name of uploads that name none.
       * @default "upload"
       */
      defaultSource?: string;
    };
    import?: {
      /**
       * Rows read and written per batch: bounds the memory an import uses.
       * @default 1000
       */
      batchSize?: number;
      /**
       * When the configured sources are imported.
       * @default { frequency: { minutes: 30 }, timeout: { minutes: 30 }, initialDelay: { seconds: 15 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Demo data: a generated FOCUS file of cost for every Component in the catalog (three
     * providers, one spike, some unallocated spend), imported through the normal import path
     * as source `runway-demo`. For the embedded demo only.
     * @default { enabled: false }
     */
    demo?: {
      enabled?: boolean;
    };
    sources?: {
      /** Directories of FOCUS exports (`.csv` or `.csv.gz`), imported on the schedule. */
      local?: Array<{
        /** Source name: a re-exported billing period replaces this source's rows. */
        name: string;
        /** Glob of the files; relative globs resolve against the backend's working directory. */
        glob: string;
      }>;
    };
  };
}
