import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Runway's self-service environments. Nothing can be requested until a type catalogue
   * (`types`, or `builtInTypes: true`) and a provisioner (`provisioner.gitops.mode`) are
   * configured: without them the plugin starts "not configured" (an empty catalogue naming
   * these keys, a warning at startup). Every other key has a default.
   */
  environments?: {
    /**
     * Currency of the price table.
     * @default "USD"
     */
    currency?: string;
    /**
     * Use the built-in demo catalogue (preview, dev, staging, perf: see the package README)
     * instead of `types`; the two cannot be combined.
     * @default false
     */
    builtInTypes?: boolean;
    /**
     * The environment type catalogue. Without it (and without `builtInTypes: true`) nothing
     * can be requested.
     */
    types?: Array<{
      /** Identifier, e.g. `preview`: lower-case letters, digits and dashes. */
      name: string;
      title?: string;
      description?: string;
      sizes: Array<{
        name: string;
        title?: string;
        /** Price of one day of an environment of this size. */
        pricePerDay: number;
        /** ResourceQuota CPU limit, e.g. `2`. */
        cpu: string;
        /** ResourceQuota memory limit, e.g. `4Gi`. */
        memory: string;
      }>;
      /** @default 24 */
      defaultTtlHours?: number;
      /** @default 72 */
      maxTtlHours?: number;
      /**
       * Approve requests without anyone when their whole-TTL estimate is within `budget`.
       * @default false
       */
      autoApprove?: boolean;
      /** Largest whole-TTL estimate approved automatically; no limit when absent. */
      budget?: number;
      /**
       * Group refs whose members approve requests of this type, e.g.
       * `group:default/team-platform`. Empty: the members of the team owning the service.
       */
      approvers?: string[];
      /**
       * Whether an approver may approve their own request.
       * @default false
       */
      allowSelfApproval?: boolean;
    }>;
    quotas?: {
      /**
       * Active environments (pending, provisioning, ready, expiring, failed...) per team.
       * @default 5
       */
      maxPerTeam?: number;
      /**
       * Active environments per service.
       * @default 3
       */
      maxPerService?: number;
      /**
       * Spend a team may commit per calendar month (UTC): the part of each of its environments'
       * estimates that falls in the month.
       * @default 1000
       */
      monthlyTeamBudget?: number;
      /** Overrides for single teams. */
      teams?: Array<{
        /** Group ref, e.g. `group:default/team-a`. */
        team: string;
        maxEnvironments?: number;
        monthlyBudget?: number;
      }>;
    };
    /**
     * How long before expiry the requester is reminded, once per offset.
     * @default [{ days: 1 }, { hours: 1 }]
     */
    reminders?: HumanDuration[];
    lifecycle?: {
      /**
       * How often the worker provisions, tears down and expires environments.
       * @default { frequency: { seconds: 30 }, timeout: { minutes: 10 }, initialDelay: { seconds: 10 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Start provisioning or teardown right after an approval or a destroy, instead of at the
       * next scheduled run.
       * @default true
       */
      startOnChange?: boolean;
      /**
       * How long a worker holds an environment it provisions or tears down; another backend
       * instance resumes the work once this has passed without the holder finishing.
       * @default 300
       */
      leaseSeconds?: number;
    };
    provisioner?: {
      gitops?: {
        /**
         * `local`: commit to a git repository on the backend's disk (the embedded default's
         * demo; single instance; environments are "ready" once committed);
         * `github`: open a pull request on a GitHub repository per change.
         * No default: without a mode nothing can be requested.
         */
        mode?: 'local' | 'github';
        /**
         * Folder of the repository holding one sub-folder per environment.
         * @default "environments"
         */
        path?: string;
        /**
         * URL of a ready environment; `{name}` is replaced by the environment's name.
         * @default "https://{name}.env.localhost"
         */
        urlTemplate?: string;
        local?: {
          /**
           * Directory of the local repository (created on first use). Relative paths resolve
           * against the backend's working directory.
           * @default "<backend.database.connection.directory>/environments-gitops", or ".runway/data/environments-gitops"
           */
          directory?: string;
        };
        github?: {
          /**
           * The repository, e.g. `https://github.com/acme/environments`; its token comes from
           * the matching `integrations.github` entry.
           */
          repoUrl: string;
          /** @default "main" */
          baseBranch?: string;
        };
      };
    };
  };
}
