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
       * @visibility frontend
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
     * How long the catalog's entities are reused for attribution before being re-read, and
     * how long what each user may read of them (the catalog's answer with their credentials)
     * is reused: a change of who may see a service shows in its cost within this time.
     * An entity the catalog takes in meanwhile is read within seconds of being asked for.
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
       * Source name of uploads that name none. Uploads may not use the name of a configured
       * source (`cost.sources.*[].name`) or of the demo (`runway-demo`).
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
       * Largest CSV a file may expand to once decompressed, in MiB (a gzip bomb stops here):
       * uploads and sources alike; the import fails with a 400 naming this key.
       * @default 2048
       */
      maxDecompressedMb?: number;
      /**
       * Most data rows (bad ones included) one file may hold; the import fails past it.
       * @default 20000000
       */
      maxRowsPerFile?: number;
      /**
       * Largest Parquet page, uncompressed, in MiB: a page is decoded whole, so this bounds
       * the memory one column of a file takes.
       * @default 64
       */
      maxParquetPageMb?: number;
      /**
       * Largest Parquet row group, uncompressed, in MiB: nested columns (`Tags` as a MAP)
       * are decoded a row group at a time.
       * @default 1024
       */
      maxParquetRowGroupMb?: number;
      /**
       * When the configured sources (local, S3, OpenCost) are read.
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
    /**
     * Where cost comes from, besides uploads. Every source is read on `import.schedule`;
     * source names must be unique: a re-exported period replaces its own source's rows.
     */
    sources?: {
      /** Directories of FOCUS exports (`.csv`, `.csv.gz` or `.parquet`). */
      local?: Array<{
        /** Source name: a re-exported billing period replaces this source's rows. */
        name: string;
        /** Glob of the files; relative globs resolve against the backend's working directory. */
        glob: string;
      }>;
      /**
       * S3 or S3-compatible buckets of FOCUS exports: the objects under `prefix` whose key
       * ends with `.csv`, `.csv.gz` or `.parquet`, each imported once per version (key, ETag
       * and size).
       */
      s3?: Array<{
        /** Source name: a re-exported billing period replaces this source's rows. */
        name: string;
        bucket: string;
        /** Only keys starting with this, e.g. `focus/`. */
        prefix?: string;
        /** The bucket's region; the SDK's default (AWS_REGION) when absent. */
        region?: string;
        /** Endpoint of an S3-compatible store (MinIO, Ceph, R2...); AWS when absent. */
        endpoint?: string;
        /**
         * Address the bucket in the path rather than the host name (most S3-compatible stores).
         * @default false
         */
        forcePathStyle?: boolean;
        /**
         * Static credentials. Without them the AWS SDK's default provider chain is used
         * (environment, shared config, web identity, instance or task role).
         */
        credentials?: {
          /** @visibility secret */
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
          /** @visibility secret */
          sessionToken?: string;
        };
      }>;
      /**
       * OpenCost instances whose allocation API (`/allocation/compute`) is pulled, one set
       * per UTC day, mapped to entities by namespace and labels.
       */
      opencost?: Array<{
        /** Source name: a pulled day replaces this source's rows of that day. */
        name: string;
        /** Where OpenCost's API answers, e.g. `http://opencost.opencost.svc:9003`. */
        baseUrl: string;
        /**
         * Bearer token, when OpenCost is behind an authenticating proxy.
         * @visibility secret
         */
        token?: string;
        /**
         * Complete UTC days pulled per run, ending with yesterday (`1d` to `90d`).
         * @default "3d"
         */
        window?: string;
        /**
         * OpenCost `aggregate`: `namespace`, or e.g. `namespace,label:app` so that a label's
         * value can name the entity through `cost.attribution.tagKeys`.
         * @default "namespace"
         */
        aggregate?: string;
        /**
         * The currency OpenCost reports in (its `CURRENCY_CODE` setting).
         * @default "USD"
         */
        currency?: string;
        /**
         * Explicit mapping, first match wins, before the tag keys: cost of the namespace (and
         * cluster, and label values) belongs to the entity.
         */
        mapping?: Array<{
          namespace?: string;
          cluster?: string;
          /** Label values to match; the labels must be in `aggregate` (`label:<name>`). */
          labels?: { [name: string]: string };
          /** Entity ref; the kind defaults to `component`. */
          entity: string;
        }>;
      }>;
    };
  };
}
