import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Runway's golden paths: template drift of the entities created from templates. */
  goldenPaths?: {
    drift?: {
      /**
       * When every entity's recorded template version is compared with its template's current
       * version (and the templates' changelogs re-read).
       * @default { frequency: { minutes: 10 }, timeout: { minutes: 5 }, initialDelay: { seconds: 30 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
