// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { ResponseError } from '@backstage/errors';

export interface paths {
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Stores one event or a batch of up to 1000, inserting or updating each by (type, id). A batch is all or nothing: one invalid event rejects it with a 400 and nothing is stored. The response is sent once the events are committed. Events naming an entity the catalog does not know are stored and also listed by `GET /unmatched`. Callers: a Backstage service principal allowed `delivery.event.create`, or a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token), whose every event must belong to an entity of its repository (403 naming the entity otherwise, nothing stored). */
    post: operations['PostEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Issues an ingestion token bound to one repository, for pipelines that cannot use GitHub Actions OIDC. The token is shown once; only its SHA-256 hash is stored. Issuing again for the same provider and repository revokes the previous token. Callers: users and service principals allowed `delivery.token.create`. */
    post: operations['PostIngestionToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/unmatched': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Events and payloads that could not be attributed to a catalog entity, newest first. Callers: users and service principals allowed `delivery.unmatched.read` (403 otherwise). */
    get: operations['GetUnmatched'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dora': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description DORA metrics of an entity over `[from, to)` for one environment. A Group or System covers the union of the events of the components it owns or contains. */
    get: operations['GetDora'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dora/series': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The DORA metrics of `/dora` per calendar day, ISO week or month in an IANA time zone (DST-safe); the first and last buckets are clipped to `[from, to)`. */
    get: operations['GetDoraSeries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dora/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description What a DORA card shows, in one call: the metrics of `/dora` over `[from, to)`, over the window of the same length before it, per `bucket` over the window (the trend), and per component the entity covers, worst first. */
    get: operations['GetDoraSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dora/deployments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The successful deployments that finished in `[from, to)`, newest first, each with what the metrics of `/dora` counted for it: commits and lead times, failed or not and why, linked incidents, rollback, recovery time, rework. */
    get: operations['GetDoraDeployments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every entity with delivery events that the caller can see, with its DORA metrics over `[from, to)` and its overall level (the worst of its graded metrics); filtered, sorted (default: level, worst first) and paged on the server. */
    get: operations['GetOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/pipelines': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Per pipeline and branch the latest run, the default branch's status and since when it fails, success rate and median duration over 30 days, recent runs and flaky retries. A Group or System covers the components it owns or contains. */
    get: operations['GetPipelines'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/github': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description GitHub webhook deliveries (workflow_run, deployment, deployment_status, push, pull_request). Authenticated by X-Hub-Signature-256 against `delivery.github.webhookSecret`, not by a Backstage token. */
    post: operations['PostGithubWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/gitlab': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description GitLab webhook deliveries (Pipeline, Deployment, Merge Request and Push hooks). Authenticated by X-Gitlab-Token against `delivery.gitlab.webhookToken`. */
    post: operations['PostGitlabWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/cdevents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description CDEvents in structured JSON mode, one event or an array (spec 0.4 and 0.5), validated against the official schemas. Authenticated by X-Runway-Token against `delivery.cdevents.token`, or by a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token) whose every event must resolve to an entity of its repository (403 naming the event or entity otherwise, nothing stored). */
    post: operations['PostCdevents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request?: {
        method?: string;
        url?: string;
      };
      response?: {
        statusCode?: number;
      };
    };
    DeploymentEvent: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'deployment';
      /** @description Unique among deployments; posting the id again updates the deployment. */
      id: string;
      entityRef: string;
      environment: string;
      /** @enum {string} */
      status: 'succeeded' | 'failed';
      /** Format: date-time */
      startedAt?: string;
      /** Format: date-time */
      finishedAt: string;
      version?: string;
      commitSha?: string;
      commits?: {
        sha: string;
        /** Format: date-time */
        timestamp: string;
      }[];
      /** @description Id of the deployment this one rolls back. */
      rollbackOf?: string;
      labels?: {
        [key: string]: string;
      };
    };
    IncidentEvent: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'incident';
      id: string;
      entityRef: string;
      environment: string;
      /** Format: date-time */
      openedAt: string;
      /** Format: date-time */
      resolvedAt?: string | null;
      /** @description Id of the deployment that caused the incident, when known. */
      deploymentId?: string;
      severity?: string;
      /**
       * Format: uri
       * @description An absolute http or https address (the portal links it; any other scheme, such as `javascript:`, is refused).
       */
      url?: string;
    };
    PipelineRunEvent: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'pipelineRun';
      id: string;
      entityRef: string;
      pipeline: string;
      branch?: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
      attempt?: number;
      /** Format: date-time */
      startedAt?: string;
      /** Format: date-time */
      finishedAt?: string;
      /**
       * Format: uri
       * @description An absolute http or https address (the portal links it; any other scheme, such as `javascript:`, is refused).
       */
      url?: string;
      commitSha?: string;
    };
    DeliveryEvent:
      | components['schemas']['DeploymentEvent']
      | components['schemas']['IncidentEvent']
      | components['schemas']['PipelineRunEvent'];
    /** @description One DeliveryEvent, or `{ "events": DeliveryEvent[] }` with 1 to 1000 events. The server validates every field itself so that a 400 names the field path and the reason (e.g. `events[3].finishedAt: must be an ISO-8601 instant`); see DeliveryEvent for the shape. The schema leaves the object open for that reason. */
    EventsRequest: {
      [key: string]: unknown;
    };
    WebhookIngestionResult: {
      /** @description Events the delivery mapped to. */
      accepted: number;
      created: number;
      updated: number;
      unmatched: number;
      /** @description Parts of the payload understood but deliberately not mapped, and why. */
      ignored: {
        path: string;
        reason: string;
      }[];
    };
    /** @description Other fields are refused with a 400 naming them. */
    IngestionTokenRequest: {
      /** @description `owner/name` (GitHub) or `group/project`, subgroups allowed (GitLab), as in the entities' `github.com/project-slug` or `gitlab.com/project-slug`. */
      repository: string;
      /**
       * @default github
       * @enum {string}
       */
      provider: 'github' | 'gitlab';
    };
    IngestionToken: {
      /** @description `rwy_` and 43 characters of base64url (32 random bytes). */
      token: string;
      repository: string;
      /** @enum {string} */
      provider: 'github' | 'gitlab';
      /** Format: date-time */
      createdAt: string;
    };
    EventIngestionResult: {
      accepted: number;
      created: number;
      updated: number;
      unmatched: number;
    };
    UnmatchedEvent: {
      key: string;
      /** @enum {string} */
      source: 'api' | 'cdevents' | 'github' | 'gitlab' | 'demo';
      /** @enum {string} */
      eventType?: 'deployment' | 'incident' | 'pipelineRun';
      eventId?: string;
      entityRef?: string;
      reason: string;
      payload: unknown;
      /** Format: date-time */
      receivedAt: string;
    };
    UnmatchedEventList: {
      items: components['schemas']['UnmatchedEvent'][];
      totalCount: number;
    };
    /** @enum {string} */
    PerformanceLevel: 'elite' | 'high' | 'medium' | 'low';
    DoraMetrics: {
      entityRef: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      environment: string;
      benchmark: string;
      deploymentFrequency: components['schemas']['DeploymentFrequency'];
      leadTime: components['schemas']['LeadTime'];
      changeFailureRate: components['schemas']['ChangeFailureRate'];
      recoveryTime: components['schemas']['RecoveryTime'];
      reworkRate: components['schemas']['ReworkRate'];
    };
    DeploymentFrequency: {
      deployments: number;
      perWeek: number;
      level: components['schemas']['PerformanceLevel'];
    };
    LeadTime: {
      medianSeconds: number | null;
      p90Seconds: number | null;
      samples: number;
      level: components['schemas']['PerformanceLevel'] | null;
    };
    ChangeFailureRate: {
      failedDeployments: number;
      deployments: number;
      rate: number | null;
      level: components['schemas']['PerformanceLevel'] | null;
    };
    RecoveryTime: {
      medianSeconds: number | null;
      p90Seconds: number | null;
      samples: number;
      openIncidents: number;
      level: components['schemas']['PerformanceLevel'] | null;
    };
    ReworkRate: {
      reworkDeployments: number;
      deployments: number;
      rate: number | null;
    };
    DoraSeries: {
      entityRef: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      environment: string;
      benchmark: string;
      /** @enum {string} */
      bucket: 'day' | 'week' | 'month';
      tz: string;
      buckets: components['schemas']['DoraSeriesBucket'][];
    };
    DoraEntitySummary: {
      entityRef: string;
      title?: string;
      level: components['schemas']['PerformanceLevel'];
      deploymentFrequency: components['schemas']['DeploymentFrequency'];
      leadTime: components['schemas']['LeadTime'];
      changeFailureRate: components['schemas']['ChangeFailureRate'];
      recoveryTime: components['schemas']['RecoveryTime'];
      reworkRate: components['schemas']['ReworkRate'];
    };
    DoraMetricValues: {
      deploymentFrequency: components['schemas']['DeploymentFrequency'];
      leadTime: components['schemas']['LeadTime'];
      changeFailureRate: components['schemas']['ChangeFailureRate'];
      recoveryTime: components['schemas']['RecoveryTime'];
      reworkRate: components['schemas']['ReworkRate'];
    };
    DoraSeriesBucket: {
      /** @description `2024-03-31` (day), `2024-W13` (ISO week) or `2024-03` (month), in `tz`. */
      key: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      deploymentFrequency: components['schemas']['DeploymentFrequency'];
      leadTime: components['schemas']['LeadTime'];
      changeFailureRate: components['schemas']['ChangeFailureRate'];
      recoveryTime: components['schemas']['RecoveryTime'];
      reworkRate: components['schemas']['ReworkRate'];
    };
    DoraSummary: {
      entityRef: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      environment: string;
      benchmark: string;
      current: components['schemas']['DoraMetricValues'];
      /** @description The window of the same length that ends at `from`. */
      previous: {
        /** Format: date-time */
        from: string;
        /** Format: date-time */
        to: string;
        deploymentFrequency: components['schemas']['DeploymentFrequency'];
        leadTime: components['schemas']['LeadTime'];
        changeFailureRate: components['schemas']['ChangeFailureRate'];
        recoveryTime: components['schemas']['RecoveryTime'];
        reworkRate: components['schemas']['ReworkRate'];
      };
      series: {
        /** @enum {string} */
        bucket: 'day' | 'week' | 'month';
        tz: string;
        buckets: components['schemas']['DoraSeriesBucket'][];
      };
      /** @description Per component the entity covers (a Group: those it owns, a System: its parts, otherwise the entity itself), its metrics over the window, worst level first. */
      entities: components['schemas']['DoraEntitySummary'][];
    };
    DoraDeploymentList: {
      entityRef: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      environment: string;
      items: components['schemas']['DoraDeployment'][];
    };
    DoraDeployment: {
      id: string;
      entityRef: string;
      environment: string;
      /** Format: date-time */
      startedAt: string | null;
      /** Format: date-time */
      finishedAt: string;
      version: string | null;
      commitSha: string | null;
      commits: {
        sha: string;
        /** Format: date-time */
        timestamp: string;
        /** @description Set when this deployment is the commit's first to the environment. */
        leadTimeSeconds: number | null;
      }[];
      failed: boolean;
      failureReasons: ('incident' | 'incidentInWindow' | 'rolledBack')[];
      incidents: {
        id: string;
        /** Format: date-time */
        openedAt: string;
        /** Format: date-time */
        resolvedAt: string | null;
        severity: string | null;
        url: string | null;
      }[];
      rolledBackBy: string | null;
      rollbackOf: string | null;
      recoverySeconds: number | null;
      rework: boolean;
      reworkReasons: ('rollback' | 'hotfix' | 'duringIncident')[];
    };
    DeliveryOverview: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      environment: string;
      benchmark: string;
      /** @description The window of the same length that ends at `from`, whose metrics each item's `previous` carries. */
      previous: {
        /** Format: date-time */
        from: string;
        /** Format: date-time */
        to: string;
      };
      totalCount: number;
      items: {
        entityRef: string;
        title?: string;
        owners: string[];
        systems: string[];
        level: components['schemas']['PerformanceLevel'];
        deploymentFrequency: components['schemas']['DeploymentFrequency'];
        leadTime: components['schemas']['LeadTime'];
        changeFailureRate: components['schemas']['ChangeFailureRate'];
        recoveryTime: components['schemas']['RecoveryTime'];
        reworkRate: components['schemas']['ReworkRate'];
        /** @description The entity's latest deployment to the environment up to `to` (any status), also one before the window; `null` without any. */
        lastDeployment: {
          id: string;
          /** @enum {string} */
          status: 'succeeded' | 'failed';
          /** Format: date-time */
          finishedAt: string;
          version: string | null;
          /** @description The pipeline run of the deployed commit: the entity's newest run (of the last 90 days) whose commit is the deployment's `commitSha`; `null` when the deployment names no commit or no run matches. */
          pipelineRun: components['schemas']['OverviewPipelineRun'] | null;
        } | null;
        /** @description The worst status of the latest default-branch runs of the entity's pipelines (failed, running, queued, cancelled, succeeded); `null` without runs in 90 days. */
        pipelineStatus: components['schemas']['PipelineRunStatus'] | null;
        /** @description The latest default-branch run of the pipeline whose default branch gives `pipelineStatus` (the newest such run when several pipelines share that status); `null` without runs in 90 days. */
        defaultBranchRun: components['schemas']['OverviewPipelineRun'] | null;
        /** @description The entity's metrics and level over the previous window (the overview's `previous`), from the same analysis as the current ones, for trends. */
        previous: {
          level: components['schemas']['PerformanceLevel'];
          deploymentFrequency: components['schemas']['DeploymentFrequency'];
          leadTime: components['schemas']['LeadTime'];
          changeFailureRate: components['schemas']['ChangeFailureRate'];
          recoveryTime: components['schemas']['RecoveryTime'];
          reworkRate: components['schemas']['ReworkRate'];
        };
      }[];
    };
    /** @description A pipeline run as the overview shows it. */
    OverviewPipelineRun: {
      id: string;
      pipeline: string;
      branch: string | null;
      status: components['schemas']['PipelineRunStatus'];
      /** Format: date-time */
      startedAt: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      url: string | null;
    };
    /** @enum {string} */
    PipelineRunStatus:
      | 'queued'
      | 'running'
      | 'succeeded'
      | 'failed'
      | 'cancelled';
    PipelineRunSummary: {
      id: string;
      branch: string | null;
      status: components['schemas']['PipelineRunStatus'];
      attempt: number | null;
      /** Format: date-time */
      startedAt: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      durationSeconds: number | null;
      commitSha: string | null;
      url: string | null;
    };
    PipelineWindowStats: {
      succeeded: number;
      failed: number;
      cancelled: number;
      successRate: number | null;
      medianDurationSeconds: number | null;
    };
    FlakyRetry: {
      commitSha: string;
      failedRunId: string;
      succeededRunId: string;
      /** Format: date-time */
      at: string;
    };
    DefaultBranchState: {
      branch: string;
      status: components['schemas']['PipelineRunStatus'];
      latestRun: components['schemas']['PipelineRunSummary'];
      /** Format: date-time */
      failingSince: string | null;
      failingSinceRunId: string | null;
      consecutiveFailures: number;
      last30Days: components['schemas']['PipelineWindowStats'];
    };
    PipelineState: {
      entityRef: string;
      pipeline: string;
      branches: {
        branch: string | null;
        latestRun: components['schemas']['PipelineRunSummary'];
      }[];
      defaultBranch: components['schemas']['DefaultBranchState'] | null;
      last30Days: components['schemas']['PipelineWindowStats'];
      recentRuns: components['schemas']['PipelineRunSummary'][];
      flaky: {
        count: number;
        latest: components['schemas']['FlakyRetry'] | null;
      };
    };
    PipelineStates: {
      entityRef: string;
      /** Format: date-time */
      now: string;
      windowDays: number;
      pipelines: components['schemas']['PipelineState'][];
      flakyPipelines: {
        entityRef: string;
        pipeline: string;
        count: number;
        latest: components['schemas']['FlakyRetry'];
      }[];
    };
  };
  responses: {
    /** @description An error, with the reason in `error.message`. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
    entityRef: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  PostEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EventsRequest'];
      };
    };
    responses: {
      /** @description The events are committed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventIngestionResult'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      413: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  PostIngestionToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IngestionTokenRequest'];
      };
    };
    responses: {
      /** @description The token, valid until the next one is issued for the repository. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestionToken'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetUnmatched: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        source?: 'api' | 'cdevents' | 'github' | 'gitlab' | 'demo';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of unmatched events. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnmatchedEventList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetDora: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
        entityRef: components['parameters']['entityRef'];
        /** @description Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`. */
        from?: string;
        /** @description Exclusive end, an ISO-8601 instant; default now. */
        to?: string;
        /** @description Defaults to `production`. */
        environment?: string;
        /** @description Benchmark set for the performance levels, e.g. `2024` (the default). */
        benchmark?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The metrics. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DoraMetrics'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetDoraSeries: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
        entityRef: components['parameters']['entityRef'];
        /** @description Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`. */
        from?: string;
        /** @description Exclusive end, an ISO-8601 instant; default now. */
        to?: string;
        /** @description Defaults to `production`. */
        environment?: string;
        /** @description Benchmark set for the performance levels, e.g. `2024` (the default). */
        benchmark?: string;
        bucket: 'day' | 'week' | 'month';
        /** @description IANA time zone of the buckets, e.g. `Europe/Berlin`; default `UTC`. */
        tz?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The series. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DoraSeries'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetDoraSummary: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
        entityRef: components['parameters']['entityRef'];
        /** @description Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`. */
        from?: string;
        /** @description Exclusive end, an ISO-8601 instant; default now. */
        to?: string;
        /** @description Defaults to `production`. */
        environment?: string;
        /** @description Benchmark set for the performance levels, e.g. `2024` (the default). */
        benchmark?: string;
        /** @description Bucket of the trend series; default `week`. */
        bucket?: 'day' | 'week' | 'month';
        /** @description IANA time zone of the buckets, e.g. `Europe/Berlin`; default `UTC`. */
        tz?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The summary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DoraSummary'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetDoraDeployments: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
        entityRef: components['parameters']['entityRef'];
        /** @description Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`. */
        from?: string;
        /** @description Exclusive end, an ISO-8601 instant; default now. */
        to?: string;
        /** @description Defaults to `production`. */
        environment?: string;
        /** @description Benchmark set for the performance levels, e.g. `2024` (the default). */
        benchmark?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deployments. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DoraDeploymentList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetOverview: {
    parameters: {
      query?: {
        /** @description Inclusive start; default 30 days before `to`. */
        from?: string;
        /** @description Exclusive end; default now. */
        to?: string;
        environment?: string;
        benchmark?: string;
        /** @description Only entities owned by this group, e.g. `group:default/team-payments`. */
        owner?: string;
        /** @description Only entities that are part of this system. */
        system?: string;
        /** @description Only these entities (exact refs, compared case-insensitively); repeat the parameter for several, at most 200. Lets a page fetch the rows it shows in one request. Combined with the other filters; refs without delivery events, that the catalog lacks or that the caller may not read are left out. */
        entityRef?: string[];
        level?: components['schemas']['PerformanceLevel'];
        /** @description Only entities whose ref or title contains this text (case-insensitive). */
        search?: string;
        orderBy?:
          | 'level'
          | 'entityRef'
          | 'deploymentFrequency'
          | 'leadTime'
          | 'changeFailureRate'
          | 'recoveryTime';
        order?: 'asc' | 'desc';
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of the overview. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryOverview'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetPipelines: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains. */
        entityRef: components['parameters']['entityRef'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The pipeline state. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PipelineStates'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostGithubWebhook: {
    parameters: {
      query?: never;
      header: {
        'x-github-event': string;
        'x-hub-signature-256'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description The delivery is committed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookIngestionResult'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostGitlabWebhook: {
    parameters: {
      query?: never;
      header: {
        'x-gitlab-event': string;
        'x-gitlab-token'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description The delivery is committed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookIngestionResult'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostCdevents: {
    parameters: {
      query?: never;
      header?: {
        'x-runway-token'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | unknown[];
      };
    };
    responses: {
      /** @description The events are committed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookIngestionResult'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
}

/**
 * @public
 */
export type DeploymentEvent = components['schemas']['DeploymentEvent'];

/**
 * @public
 */
export type IncidentEvent = components['schemas']['IncidentEvent'];

/**
 * @public
 */
export type PipelineRunEvent = components['schemas']['PipelineRunEvent'];

/**
 * @public
 */
export type DeliveryEvent = components['schemas']['DeliveryEvent'];

/**
 * One DeliveryEvent, or `{ "events": DeliveryEvent[] }` with 1 to 1000 events. The server validates every field itself so that a 400 names the field path and the reason (e.g. `events[3].finishedAt: must be an ISO-8601 instant`); see DeliveryEvent for the shape. The schema leaves the object open for that reason.
 *
 * @public
 */
export type EventsRequest = components['schemas']['EventsRequest'];

/**
 * @public
 */
export type WebhookIngestionResult =
  components['schemas']['WebhookIngestionResult'];

/**
 * Other fields are refused with a 400 naming them.
 *
 * @public
 */
export type IngestionTokenRequest =
  components['schemas']['IngestionTokenRequest'];

/**
 * @public
 */
export type IngestionToken = components['schemas']['IngestionToken'];

/**
 * @public
 */
export type EventIngestionResult =
  components['schemas']['EventIngestionResult'];

/**
 * @public
 */
export type UnmatchedEvent = components['schemas']['UnmatchedEvent'];

/**
 * @public
 */
export type UnmatchedEventList = components['schemas']['UnmatchedEventList'];

/**
 * @public
 */
export type PerformanceLevel = components['schemas']['PerformanceLevel'];

/**
 * @public
 */
export type DoraMetrics = components['schemas']['DoraMetrics'];

/**
 * @public
 */
export type DeploymentFrequency = components['schemas']['DeploymentFrequency'];

/**
 * @public
 */
export type LeadTime = components['schemas']['LeadTime'];

/**
 * @public
 */
export type ChangeFailureRate = components['schemas']['ChangeFailureRate'];

/**
 * @public
 */
export type RecoveryTime = components['schemas']['RecoveryTime'];

/**
 * @public
 */
export type ReworkRate = components['schemas']['ReworkRate'];

/**
 * @public
 */
export type DoraSeries = components['schemas']['DoraSeries'];

/**
 * @public
 */
export type DoraEntitySummary = components['schemas']['DoraEntitySummary'];

/**
 * @public
 */
export type DoraMetricValues = components['schemas']['DoraMetricValues'];

/**
 * @public
 */
export type DoraSeriesBucket = components['schemas']['DoraSeriesBucket'];

/**
 * @public
 */
export type DoraSummary = components['schemas']['DoraSummary'];

/**
 * @public
 */
export type DoraDeploymentList = components['schemas']['DoraDeploymentList'];

/**
 * @public
 */
export type DoraDeployment = components['schemas']['DoraDeployment'];

/**
 * @public
 */
export type DeliveryOverview = components['schemas']['DeliveryOverview'];

/**
 * A pipeline run as the overview shows it.
 *
 * @public
 */
export type OverviewPipelineRun = components['schemas']['OverviewPipelineRun'];

/**
 * @public
 */
export type PipelineRunStatus = components['schemas']['PipelineRunStatus'];

/**
 * @public
 */
export type PipelineRunSummary = components['schemas']['PipelineRunSummary'];

/**
 * @public
 */
export type PipelineWindowStats = components['schemas']['PipelineWindowStats'];

/**
 * @public
 */
export type FlakyRetry = components['schemas']['FlakyRetry'];

/**
 * @public
 */
export type DefaultBranchState = components['schemas']['DefaultBranchState'];

/**
 * @public
 */
export type PipelineState = components['schemas']['PipelineState'];

/**
 * @public
 */
export type PipelineStates = components['schemas']['PipelineStates'];

/** Options of every request. @public */
export interface ApiRequestOptions {
  /** A Backstage token to send; without one, the fetch API's own credentials apply. */
  token?: string;
}

/** The JSON body of an operation's success response (undefined for 204). @public */
export type SuccessBody<Operation> = Operation extends {
  responses: infer Responses;
}
  ? JsonContent<
      | Responses[200 & keyof Responses]
      | Responses[201 & keyof Responses]
      | Responses[204 & keyof Responses]
    >
  : never;

type JsonContent<Response> = Response extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : undefined;

type RequestParts = {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
};

/**
 * The delivery plugin's API over HTTP, one method per operation of its OpenAPI spec, for
 * frontends and backends alike. Failures throw `ResponseError` (from `@backstage/errors`).
 *
 * @public
 */
export class DefaultApiClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    /** Defaults to the global `fetch`. */
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /**
   * Stores one event or a batch of up to 1000, inserting or updating each by (type, id). A batch is all or nothing: one invalid event rejects it with a 400 and nothing is stored. The response is sent once the events are committed. Events naming an entity the catalog does not know are stored and also listed by `GET /unmatched`. Callers: a Backstage service principal allowed `delivery.event.create`, or a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token), whose every event must belong to an entity of its repository (403 naming the entity otherwise, nothing stored).
   */
  async postEvents(
    request: {
      body: NonNullable<
        operations['PostEvents']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['PostEvents']>> {
    return this.send(
      { method: 'POST', path: '/events', request, json: true },
      options,
    );
  }

  /**
   * Issues an ingestion token bound to one repository, for pipelines that cannot use GitHub Actions OIDC. The token is shown once; only its SHA-256 hash is stored. Issuing again for the same provider and repository revokes the previous token. Callers: users and service principals allowed `delivery.token.create`.
   */
  async postIngestionToken(
    request: {
      body: NonNullable<
        operations['PostIngestionToken']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['PostIngestionToken']>> {
    return this.send(
      { method: 'POST', path: '/tokens', request, json: true },
      options,
    );
  }

  /**
   * Events and payloads that could not be attributed to a catalog entity, newest first. Callers: users and service principals allowed `delivery.unmatched.read` (403 otherwise).
   */
  async getUnmatched(
    request?: {
      query?: NonNullable<operations['GetUnmatched']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetUnmatched']>> {
    return this.send({ method: 'GET', path: '/unmatched', request }, options);
  }

  /**
   * DORA metrics of an entity over `[from, to)` for one environment. A Group or System covers the union of the events of the components it owns or contains.
   */
  async getDora(
    request: {
      query: NonNullable<operations['GetDora']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetDora']>> {
    return this.send({ method: 'GET', path: '/dora', request }, options);
  }

  /**
   * The DORA metrics of `/dora` per calendar day, ISO week or month in an IANA time zone (DST-safe); the first and last buckets are clipped to `[from, to)`.
   */
  async getDoraSeries(
    request: {
      query: NonNullable<operations['GetDoraSeries']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetDoraSeries']>> {
    return this.send({ method: 'GET', path: '/dora/series', request }, options);
  }

  /**
   * What a DORA card shows, in one call: the metrics of `/dora` over `[from, to)`, over the window of the same length before it, per `bucket` over the window (the trend), and per component the entity covers, worst first.
   */
  async getDoraSummary(
    request: {
      query: NonNullable<operations['GetDoraSummary']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetDoraSummary']>> {
    return this.send(
      { method: 'GET', path: '/dora/summary', request },
      options,
    );
  }

  /**
   * The successful deployments that finished in `[from, to)`, newest first, each with what the metrics of `/dora` counted for it: commits and lead times, failed or not and why, linked incidents, rollback, recovery time, rework.
   */
  async getDoraDeployments(
    request: {
      query: NonNullable<
        operations['GetDoraDeployments']['parameters']['query']
      >;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetDoraDeployments']>> {
    return this.send(
      { method: 'GET', path: '/dora/deployments', request },
      options,
    );
  }

  /**
   * Every entity with delivery events that the caller can see, with its DORA metrics over `[from, to)` and its overall level (the worst of its graded metrics); filtered, sorted (default: level, worst first) and paged on the server.
   */
  async getOverview(
    request?: {
      query?: NonNullable<operations['GetOverview']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetOverview']>> {
    return this.send({ method: 'GET', path: '/overview', request }, options);
  }

  /**
   * Per pipeline and branch the latest run, the default branch's status and since when it fails, success rate and median duration over 30 days, recent runs and flaky retries. A Group or System covers the components it owns or contains.
   */
  async getPipelines(
    request: {
      query: NonNullable<operations['GetPipelines']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetPipelines']>> {
    return this.send({ method: 'GET', path: '/pipelines', request }, options);
  }

  /**
   * GitHub webhook deliveries (workflow_run, deployment, deployment_status, push, pull_request). Authenticated by X-Hub-Signature-256 against `delivery.github.webhookSecret`, not by a Backstage token.
   */
  async postGithubWebhook(
    request: {
      header: NonNullable<
        operations['PostGithubWebhook']['parameters']['header']
      >;
      body: NonNullable<
        operations['PostGithubWebhook']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['PostGithubWebhook']>> {
    return this.send(
      { method: 'POST', path: '/webhooks/github', request, json: true },
      options,
    );
  }

  /**
   * GitLab webhook deliveries (Pipeline, Deployment, Merge Request and Push hooks). Authenticated by X-Gitlab-Token against `delivery.gitlab.webhookToken`.
   */
  async postGitlabWebhook(
    request: {
      header: NonNullable<
        operations['PostGitlabWebhook']['parameters']['header']
      >;
      body: NonNullable<
        operations['PostGitlabWebhook']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['PostGitlabWebhook']>> {
    return this.send(
      { method: 'POST', path: '/webhooks/gitlab', request, json: true },
      options,
    );
  }

  /**
   * CDEvents in structured JSON mode, one event or an array (spec 0.4 and 0.5), validated against the official schemas. Authenticated by X-Runway-Token against `delivery.cdevents.token`, or by a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token) whose every event must resolve to an entity of its repository (403 naming the event or entity otherwise, nothing stored).
   */
  async postCdevents(
    request: {
      header?: NonNullable<operations['PostCdevents']['parameters']['header']>;
      body: NonNullable<
        operations['PostCdevents']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['PostCdevents']>> {
    return this.send(
      { method: 'POST', path: '/cdevents', request, json: true },
      options,
    );
  }

  private async send<T>(
    call: {
      method: string;
      path: string;
      request?: RequestParts;
      json?: boolean;
    },
    options: ApiRequestOptions | undefined,
  ): Promise<T> {
    const { request = {} } = call;
    const route = call.path.replace(/{([^}]+)}/g, (_, name: string) =>
      encodeURIComponent(String(request.path?.[name])),
    );
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null)
          search.append(name, String(item));
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.header ?? {})) {
      if (value !== undefined && value !== null)
        headers.set(name, String(value));
    }
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      headers.set(
        'Content-Type',
        call.json ? 'application/json' : request.contentType!,
      );
      body = call.json
        ? JSON.stringify(request.body)
        : (request.body as BodyInit);
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const query = search.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${route}${query ? `?${query}` : ''}`,
      { method: call.method, headers, body },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
