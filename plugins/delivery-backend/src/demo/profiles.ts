/**
 * Labels every generated deployment carries, so demo data is never mistaken for real data.
 * (Pipeline run and incident urls point at `*.runway-demo.example` hosts, ids start `demo-`.)
 */
export const DEMO_LABEL: Readonly<Record<string, string>> = Object.freeze({
  'runway.dev/demo': 'true',
});

/** A `[min, max)` range. */
export type DemoRange = readonly [number, number];

/**
 * How one demo service delivers. All times are UTC; "weekday" is Monday to Friday.
 */
export interface DemoServiceProfile {
  /** The catalog name (`metadata.name`); ids and urls use it. */
  name: string;
  /** Default `component:default/<name>`. */
  entityRef?: string;
  /** What the profile is meant to show (documentation only). */
  summary: string;
  /** Commits merged to `main` per day (mean). */
  commitsPerWeekday: number;
  commitsPerWeekendDay: number;
  /**
   * When releases are cut from `main` (each release is deployed to staging, then production).
   * `daily`: a number of releases per weekday around `perWeekday` (at most one when it is
   * <= 1), none at weekends. `periodic`: one release every `everyDays` days, `jitterDays`
   * later at most, moved off weekends; needs `everyDays > jitterDays + 2`.
   */
  releases:
    | { cadence: 'daily'; perWeekday: number }
    | { cadence: 'periodic'; everyDays: number; jitterDays: number };
  /**
   * Staging to production delay, hours. Its spread must stay below the shortest gap between
   * two releases so production deployments keep their release order.
   */
  soakHours: DemoRange;
  /** Duration of one deployment, minutes. */
  deployMinutes: DemoRange;
  /** Share of production deployments whose first attempt fails and is retried. */
  deployAttemptFailureRate: number;
  /** Share of production deployments that cause an incident. */
  changeFailureRate: number;
  /**
   * `periodic` releases only: failures by period instead of by chance. Period `p` fails when
   * `p mod everyPeriods` is in `failing`; in `chronic` it fails with a long-lived incident
   * that stays open until the next chronic incident has been open for 1 to 3 days, so the
   * service always has an open incident (keep chronic periods less than 90 days apart, so
   * one is always inside a 90-day DORA window). `chronic` must not be empty.
   */
  failurePattern?: {
    everyPeriods: number;
    failing: readonly number[];
    chronic: readonly number[];
  };
  /** Delay between a deployment finishing and its incident opening, minutes. */
  incidentOpenMinutes: DemoRange;
  /** Incident open to resolved, minutes (log-uniform). */
  recoveryMinutes: DemoRange;
  /** Share of incidents that name their deployment (the others open inside the 24 h window). */
  incidentNamesDeploymentRate: number;
  /** How failures are remediated: share rolled back, share fixed by a hotfix deployment. */
  remediation: { rollback: number; hotfix: number };
  /** Severities incidents are drawn from (repeat one to weight it). */
  severities: readonly string[];
  ci: {
    minutes: DemoRange;
    /** Share of `ci` runs on `main` that fail. */
    failureRate: number;
    /** Share of `ci` runs on `main` that fail once and pass on a retry (attempt 2). */
    flakyRate: number;
    /**
     * `main` goes red this many days after each release cut and stays red until the day
     * before the next cut (the team fixes it to release).
     */
    redAfterReleaseDays?: number;
  };
  /** `ci` runs on feature branches per weekday (mean). */
  featureRunsPerWeekday: number;
}

const ref = (name: string) => `component:default/${name}`;

const PROFILES: DemoServiceProfile[] = [
  {
    name: 'catalog-search',
    summary:
      'Elite: several production deployments every weekday, lead time hours, rare failures rolled back within the hour.',
    commitsPerWeekday: 11,
    commitsPerWeekendDay: 0.5,
    releases: { cadence: 'daily', perWeekday: 4 },
    soakHours: [0.25, 0.6],
    deployMinutes: [3, 7],
    deployAttemptFailureRate: 0.02,
    changeFailureRate: 0.03,
    incidentOpenMinutes: [3, 15],
    recoveryMinutes: [12, 45],
    incidentNamesDeploymentRate: 0.5,
    remediation: { rollback: 0.7, hotfix: 0.2 },
    severities: ['sev3', 'sev3', 'sev4'],
    ci: { minutes: [4, 9], failureRate: 0.04, flakyRate: 0.01 },
    featureRunsPerWeekday: 5,
  },
  {
    name: 'checkout',
    summary:
      'High: a production deployment almost every weekday after a day in staging.',
    commitsPerWeekday: 5,
    commitsPerWeekendDay: 0.2,
    releases: { cadence: 'daily', perWeekday: 0.95 },
    soakHours: [20, 30],
    deployMinutes: [6, 14],
    deployAttemptFailureRate: 0.05,
    changeFailureRate: 0.12,
    incidentOpenMinutes: [10, 240],
    recoveryMinutes: [60, 600],
    incidentNamesDeploymentRate: 0.6,
    remediation: { rollback: 0.3, hotfix: 0.3 },
    severities: ['sev2', 'sev3', 'sev3'],
    ci: { minutes: [8, 16], failureRate: 0.07, flakyRate: 0.06 },
    featureRunsPerWeekday: 3,
  },
  {
    name: 'storefront-web',
    summary:
      'High: daily releases, half a day in staging, incidents fixed within hours.',
    commitsPerWeekday: 6,
    commitsPerWeekendDay: 0.3,
    releases: { cadence: 'daily', perWeekday: 1.5 },
    soakHours: [1, 3],
    deployMinutes: [4, 9],
    deployAttemptFailureRate: 0.03,
    changeFailureRate: 0.15,
    incidentOpenMinutes: [5, 120],
    recoveryMinutes: [30, 360],
    incidentNamesDeploymentRate: 0.5,
    remediation: { rollback: 0.4, hotfix: 0.2 },
    severities: ['sev2', 'sev3', 'sev3', 'sev4'],
    ci: { minutes: [5, 12], failureRate: 0.06, flakyRate: 0.02 },
    featureRunsPerWeekday: 4,
  },
  {
    name: 'payments',
    summary:
      'High: most weekdays a release that soaks a day in staging; careful, incidents resolved within hours.',
    commitsPerWeekday: 4,
    commitsPerWeekendDay: 0.1,
    releases: { cadence: 'daily', perWeekday: 0.7 },
    soakHours: [20, 30],
    deployMinutes: [8, 15],
    deployAttemptFailureRate: 0.04,
    changeFailureRate: 0.1,
    incidentOpenMinutes: [15, 300],
    recoveryMinutes: [90, 720],
    incidentNamesDeploymentRate: 0.7,
    remediation: { rollback: 0.5, hotfix: 0.3 },
    severities: ['sev1', 'sev2', 'sev2', 'sev3'],
    ci: { minutes: [10, 20], failureRate: 0.05, flakyRate: 0.03 },
    featureRunsPerWeekday: 2,
  },
  {
    name: 'notification-service',
    summary:
      'High to medium: a release every other weekday, overnight in staging, a few incidents.',
    commitsPerWeekday: 2.5,
    commitsPerWeekendDay: 0.1,
    releases: { cadence: 'daily', perWeekday: 0.5 },
    soakHours: [8, 18],
    deployMinutes: [4, 10],
    deployAttemptFailureRate: 0.04,
    changeFailureRate: 0.18,
    incidentOpenMinutes: [30, 600],
    recoveryMinutes: [120, 1200],
    incidentNamesDeploymentRate: 0.5,
    remediation: { rollback: 0.3, hotfix: 0.3 },
    severities: ['sev3', 'sev3', 'sev4'],
    ci: { minutes: [5, 10], failureRate: 0.08, flakyRate: 0.02 },
    featureRunsPerWeekday: 1.5,
  },
  {
    name: 'identity',
    summary:
      'Medium: a release about every nine days, several days in staging, incidents take a day or two.',
    commitsPerWeekday: 3,
    commitsPerWeekendDay: 0.1,
    releases: { cadence: 'periodic', everyDays: 9, jitterDays: 2 },
    soakHours: [72, 120],
    deployMinutes: [10, 20],
    deployAttemptFailureRate: 0.05,
    changeFailureRate: 0.3,
    incidentOpenMinutes: [30, 720],
    recoveryMinutes: [600, 3600],
    incidentNamesDeploymentRate: 0.6,
    remediation: { rollback: 0.3, hotfix: 0.3 },
    severities: ['sev1', 'sev2', 'sev3'],
    ci: { minutes: [12, 25], failureRate: 0.1, flakyRate: 0.03 },
    featureRunsPerWeekday: 1.5,
  },
  {
    name: 'fraud-detection',
    summary:
      'Experimental, sparse: a release every week or two, few commits, few runs.',
    commitsPerWeekday: 0.8,
    commitsPerWeekendDay: 0,
    releases: { cadence: 'periodic', everyDays: 11, jitterDays: 4 },
    soakHours: [4, 30],
    deployMinutes: [5, 12],
    deployAttemptFailureRate: 0.1,
    changeFailureRate: 0.2,
    incidentOpenMinutes: [30, 600],
    recoveryMinutes: [120, 2880],
    incidentNamesDeploymentRate: 0.5,
    remediation: { rollback: 0.4, hotfix: 0.2 },
    severities: ['sev3', 'sev4'],
    ci: { minutes: [6, 14], failureRate: 0.15, flakyRate: 0.03 },
    featureRunsPerWeekday: 0.5,
  },
  {
    name: 'ledger',
    summary:
      'Struggling: a release about every two weeks after a week in staging, lead time weeks, ' +
      'three in seven releases fail, recovery takes days to weeks, a known issue is always open and main is red most of the time.',
    commitsPerWeekday: 1.5,
    commitsPerWeekendDay: 0,
    releases: { cadence: 'periodic', everyDays: 15, jitterDays: 3 },
    soakHours: [96, 192],
    deployMinutes: [20, 45],
    deployAttemptFailureRate: 0.3,
    changeFailureRate: 0.4,
    failurePattern: { everyPeriods: 7, failing: [2], chronic: [0, 4] },
    incidentOpenMinutes: [60, 900],
    recoveryMinutes: [1440, 7200],
    incidentNamesDeploymentRate: 0.5,
    remediation: { rollback: 0.5, hotfix: 0.5 },
    severities: ['sev1', 'sev2', 'sev2'],
    ci: {
      minutes: [25, 50],
      failureRate: 0.15,
      flakyRate: 0.05,
      redAfterReleaseDays: 3,
    },
    featureRunsPerWeekday: 1,
  },
];

/**
 * The demo catalog's eight services (examples/), from elite to struggling.
 */
export const DEMO_SERVICE_PROFILES: readonly DemoServiceProfile[] =
  PROFILES.map(profile =>
    Object.freeze({ ...profile, entityRef: ref(profile.name) }),
  );
