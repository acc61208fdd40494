import {
  DeliveryEvent,
  DeploymentCommit,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';
import { DateTime } from 'luxon';
import {
  DEMO_LABEL,
  DEMO_SERVICE_PROFILES,
  DemoServiceProfile,
} from './profiles';
import { createRandom, hash32, Random } from './random';

/** Days of history generated when `days` is not given (about six months). */
export const DEMO_HISTORY_DEFAULT_DAYS = 183;
/** Seed used when none is given. */
export const DEMO_HISTORY_DEFAULT_SEED = 'runway-demo';

export interface GenerateDemoHistoryOptions {
  /** The instant the history ends at (ISO-8601); nothing after it is generated. */
  now: string;
  /**
   * Calendar days (UTC) before the day of `now` that are generated, plus the day of `now`
   * up to `now`. Default {@link DEMO_HISTORY_DEFAULT_DAYS}.
   */
  days?: number;
  /** Default {@link DEMO_HISTORY_DEFAULT_SEED}. Another seed gives another history. */
  seed?: string;
  /** Default {@link DEMO_SERVICE_PROFILES}. */
  services?: readonly DemoServiceProfile[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** How far back (days) the generator looks for the previous release of a service. */
const LOOKBACK_DAYS = 45;
/** Incidents naming no deployment must open inside DORA's default attribution window. */
const ATTRIBUTION_WINDOW_MS = 24 * HOUR_MS;

const CI_URL = 'https://ci.runway-demo.example';
const INCIDENT_URL = 'https://incidents.runway-demo.example';
const FEATURES = [
  'faster-search',
  'retry-policy',
  'audit-log',
  'dark-mode',
  'rate-limits',
  'otel-tracing',
  'new-checkout-flow',
  'cache-warmup',
  'schema-v2',
  'sso-groups',
];

const iso = (ms: number) => new Date(ms).toISOString();
/** `20261122` for a day number (days since 1970-01-01, UTC). */
const ymd = (day: number) =>
  iso(day * DAY_MS)
    .slice(0, 10)
    .replace(/-/g, '');
/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;
const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;

interface Commit {
  sha: string;
  ms: number;
}

interface Release {
  /** `demo-<service>-<yyyymmdd>-r<index>`. */
  id: string;
  day: number;
  index: number;
  cutMs: number;
  /** The period of a `periodic` release. */
  period?: number;
}

interface DayPlan {
  commits: Commit[];
  releases: Release[];
}

interface ReleaseTiming {
  stagingStartMs: number;
  stagingFinishMs: number;
  /** The first production attempt's start (also the failed one's, if any). */
  firstProductionStartMs: number;
  failedAttempt?: { startMs: number; finishMs: number };
  productionStartMs: number;
  productionFinishMs: number;
  failed: boolean;
  chronic: boolean;
  incidentOpenDelayMs: number;
  namesDeployment: boolean;
  severity: string;
  recoveryMs: number;
  remediationDraw: number;
  remediationDeployMs: number;
  resolveAfterRemediationMs: number;
  chronicResolveDelayMs: number;
  hotfixCommitSha: string;
}

interface Remediation {
  kind: 'rollback' | 'hotfix';
  startMs: number;
  finishMs: number;
}

interface IncidentPlan {
  openedMs: number;
  resolvedMs: number;
  deploymentId?: string;
  severity: string;
  remediation?: Remediation;
}

/**
 * Everything about one service, as pure functions of (seed, profile, day): nothing depends on
 * `now` or on where the generated window starts. Results are memoised per call.
 */
class ServiceModel {
  readonly entityRef: string;
  private readonly days = new Map<number, DayPlan>();
  private readonly commitsOf = new Map<string, Commit[]>();
  private readonly timings = new Map<string, ReleaseTiming>();
  private readonly phase: number;

  constructor(
    readonly profile: DemoServiceProfile,
    private readonly seed: string,
  ) {
    this.entityRef = profile.entityRef ?? `component:default/${profile.name}`;
    const releases = profile.releases;
    if (
      releases.cadence === 'periodic' &&
      !(releases.everyDays > releases.jitterDays + 2)
    ) {
      throw new Error(
        `Demo profile ${profile.name}: everyDays must exceed jitterDays + 2`,
      );
    }
    this.phase =
      releases.cadence === 'periodic'
        ? hash32(`${seed}|${profile.name}|phase`) % releases.everyDays
        : 0;
  }

  random(...key: Array<string | number>): Random {
    return createRandom([this.seed, this.profile.name, ...key].join('|'));
  }

  id(day: number, suffix: string) {
    return `demo-${this.profile.name}-${ymd(day)}-${suffix}`;
  }

  day(day: number): DayPlan {
    let plan = this.days.get(day);
    if (!plan) {
      plan = {
        commits: this.planCommits(day),
        releases: this.planReleases(day),
      };
      this.days.set(day, plan);
    }
    return plan;
  }

  private planCommits(day: number): Commit[] {
    const random = this.random('commits', day);
    const weekend = isWeekend(day);
    const count = random.count(
      weekend
        ? this.profile.commitsPerWeekendDay
        : this.profile.commitsPerWeekday,
    );
    const [open, close] = weekend ? [10, 18] : [7, 20];
    const times = Array.from({ length: count }, () =>
      Math.floor(day * DAY_MS + random.between(open, close) * HOUR_MS),
    ).sort((a, b) => a - b);
    return times.map((ms, index) => ({
      ms,
      sha: this.random('sha', day, index).hex(40),
    }));
  }

  private planReleases(day: number): Release[] {
    const releases = this.profile.releases;
    if (releases.cadence === 'periodic') {
      const p0 = Math.floor((day - this.phase) / releases.everyDays);
      for (const period of [p0 - 1, p0]) {
        if (this.periodicReleaseDay(period) === day) {
          const random = this.random('release-time', period);
          return [
            {
              id: this.id(day, 'r0'),
              day,
              index: 0,
              cutMs: Math.floor(day * DAY_MS + random.between(9, 16) * HOUR_MS),
              period,
            },
          ];
        }
      }
      return [];
    }
    if (isWeekend(day)) {
      return [];
    }
    const random = this.random('releases', day);
    const mean = releases.perWeekday;
    let count = Math.floor(mean) + (random.chance(mean % 1) ? 1 : 0);
    const spread = random.next();
    if (mean >= 3 && spread < 0.25) {
      count -= 1;
    } else if (mean >= 3 && spread >= 0.75) {
      count += 1;
    }
    // Cuts between 08:00 and 18:00, each in its own slot, at least half a slot apart.
    const slotMs = (10 * HOUR_MS) / Math.max(count, 1);
    return Array.from({ length: count }, (_, index) => ({
      id: this.id(day, `r${index}`),
      day,
      index,
      cutMs: Math.floor(
        day * DAY_MS +
          8 * HOUR_MS +
          index * slotMs +
          random.next() * slotMs * 0.5,
      ),
    }));
  }

  periodicReleaseDay(period: number): number {
    const releases = this.profile.releases;
    if (releases.cadence !== 'periodic') {
      throw new Error('not periodic');
    }
    const offset = Math.floor(
      this.random('period', period).next() * (releases.jitterDays + 1),
    );
    let day = period * releases.everyDays + this.phase + offset;
    if (weekday(day) === 6) day += 2;
    if (weekday(day) === 0) day += 1;
    return day;
  }

  releaseOfPeriod(period: number): Release {
    const day = this.periodicReleaseDay(period);
    return this.day(day).releases[0];
  }

  previousCut(release: Release): Release | undefined {
    if (release.index > 0) {
      return this.day(release.day).releases[release.index - 1];
    }
    for (let day = release.day - 1; day >= release.day - LOOKBACK_DAYS; day--) {
      const releases = this.day(day).releases;
      if (releases.length > 0) {
        return releases[releases.length - 1];
      }
    }
    return undefined;
  }

  nextCut(release: Release): Release | undefined {
    const same = this.day(release.day).releases;
    if (release.index + 1 < same.length) {
      return same[release.index + 1];
    }
    for (let day = release.day + 1; day <= release.day + LOOKBACK_DAYS; day++) {
      const releases = this.day(day).releases;
      if (releases.length > 0) {
        return releases[0];
      }
    }
    return undefined;
  }

  /** The commits merged since the previous cut; a release without any is not deployed. */
  commits(release: Release): Commit[] {
    let commits = this.commitsOf.get(release.id);
    if (!commits) {
      const fromMs =
        this.previousCut(release)?.cutMs ?? release.cutMs - 14 * DAY_MS;
      commits = [];
      for (let day = Math.floor(fromMs / DAY_MS); day <= release.day; day++) {
        for (const commit of this.day(day).commits) {
          if (commit.ms > fromMs && commit.ms <= release.cutMs) {
            commits.push(commit);
          }
        }
      }
      this.commitsOf.set(release.id, commits);
    }
    return commits;
  }

  deployed(release: Release) {
    return this.commits(release).length > 0;
  }

  /** The release production ran before this one (the target of a rollback). */
  previousDeployed(release: Release): Release | undefined {
    let previous = this.previousCut(release);
    while (previous && !this.deployed(previous)) {
      previous = this.previousCut(previous);
    }
    return previous;
  }

  /** CalVer `YY.WW.N`: ISO week-year and week of the cut, N-th deployed release that week. */
  version(release: Release): string {
    const date = DateTime.fromMillis(release.day * DAY_MS, { zone: 'utc' });
    const monday = release.day - (date.weekday - 1);
    let patch = 0;
    for (let day = monday; day <= release.day; day++) {
      for (const other of this.day(day).releases) {
        if (
          (day < release.day || other.index < release.index) &&
          this.deployed(other)
        ) {
          patch += 1;
        }
      }
    }
    return `${date.weekYear % 100}.${date.weekNumber}.${patch}`;
  }

  timing(release: Release): ReleaseTiming {
    let timing = this.timings.get(release.id);
    if (timing) {
      return timing;
    }
    const p = this.profile;
    const random = this.random('release', release.id);
    const minutes = ([min, max]: readonly [number, number]) =>
      random.between(min, max) * MINUTE_MS;
    const stagingStartMs = release.cutMs + Math.floor(minutes([2, 6]));
    const stagingFinishMs =
      stagingStartMs + Math.floor(minutes(p.deployMinutes));
    const firstProductionStartMs = Math.max(
      release.cutMs + Math.floor(random.between(...p.soakHours) * HOUR_MS),
      stagingFinishMs + 5 * MINUTE_MS,
    );
    const attemptFails = random.chance(p.deployAttemptFailureRate);
    const failedFinishMs = firstProductionStartMs + Math.floor(minutes([2, 6]));
    const retryGapMs = Math.floor(minutes([3, 10]));
    const productionStartMs = attemptFails
      ? failedFinishMs + retryGapMs
      : firstProductionStartMs;
    const productionFinishMs =
      productionStartMs + Math.floor(minutes(p.deployMinutes));

    const failureDraw = random.next();
    let failed = failureDraw < p.changeFailureRate;
    let chronic = false;
    if (p.failurePattern && release.period !== undefined) {
      const { everyPeriods, failing, chronic: chronicAt } = p.failurePattern;
      const phase =
        ((release.period % everyPeriods) + everyPeriods) % everyPeriods;
      chronic = chronicAt.includes(phase);
      failed = chronic || failing.includes(phase);
    }
    timing = {
      stagingStartMs,
      stagingFinishMs,
      firstProductionStartMs,
      failedAttempt: attemptFails
        ? { startMs: firstProductionStartMs, finishMs: failedFinishMs }
        : undefined,
      productionStartMs,
      productionFinishMs,
      failed,
      chronic,
      incidentOpenDelayMs: Math.max(
        MINUTE_MS,
        Math.floor(minutes(p.incidentOpenMinutes)),
      ),
      namesDeployment: random.chance(p.incidentNamesDeploymentRate),
      severity: random.pick(p.severities),
      recoveryMs: Math.floor(
        random.logBetween(...p.recoveryMinutes) * MINUTE_MS,
      ),
      remediationDraw: random.next(),
      remediationDeployMs: Math.floor(minutes(p.deployMinutes)),
      resolveAfterRemediationMs: Math.floor(minutes([2, 10])),
      chronicResolveDelayMs: Math.floor(random.between(1, 3) * DAY_MS),
      hotfixCommitSha: random.hex(40),
    };
    this.timings.set(release.id, timing);
    return timing;
  }

  /** When the next production deployment starts (conservatively: the next cut's). */
  nextProductionStartMs(release: Release): number {
    const next = this.nextCut(release);
    return next ? this.timing(next).firstProductionStartMs : Infinity;
  }

  incidentOpenedMs(release: Release): number {
    const timing = this.timing(release);
    const finish = timing.productionFinishMs;
    const latest = Math.min(
      this.nextProductionStartMs(release) - MINUTE_MS,
      finish + ATTRIBUTION_WINDOW_MS - MINUTE_MS,
    );
    return Math.max(
      finish + MINUTE_MS,
      Math.min(finish + timing.incidentOpenDelayMs, latest),
    );
  }

  incident(release: Release): IncidentPlan | undefined {
    const timing = this.timing(release);
    if (!timing.failed || !this.deployed(release)) {
      return undefined;
    }
    const productionId = `${release.id}-production`;
    const openedMs = this.incidentOpenedMs(release);
    const nextStartMs = this.nextProductionStartMs(release);
    // Unnamed incidents must be attributable by the window: before the next deployment.
    const deploymentId =
      timing.namesDeployment || timing.chronic || openedMs >= nextStartMs
        ? productionId
        : undefined;

    if (timing.chronic && release.period !== undefined) {
      const { everyPeriods, chronic } = this.profile.failurePattern!;
      let nextPeriod = release.period + 1;
      while (
        !chronic.includes(
          ((nextPeriod % everyPeriods) + everyPeriods) % everyPeriods,
        )
      ) {
        nextPeriod += 1;
      }
      const next = this.releaseOfPeriod(nextPeriod);
      return {
        openedMs,
        resolvedMs: this.incidentOpenedMs(next) + timing.chronicResolveDelayMs,
        deploymentId,
        severity: 'sev3',
      };
    }

    let resolvedMs = openedMs + timing.recoveryMs;
    const { rollback, hotfix } = this.profile.remediation;
    let kind: Remediation['kind'] | undefined;
    if (timing.remediationDraw < rollback) {
      kind = 'rollback';
    } else if (timing.remediationDraw < rollback + hotfix) {
      kind = 'hotfix';
    }
    let remediation: Remediation | undefined;
    if (kind && (kind === 'hotfix' || this.previousDeployed(release))) {
      const finishMs = resolvedMs - timing.resolveAfterRemediationMs;
      const startMs = finishMs - timing.remediationDeployMs;
      if (
        startMs > openedMs + MINUTE_MS &&
        finishMs < nextStartMs - MINUTE_MS
      ) {
        remediation = { kind, startMs, finishMs };
      } else if (
        openedMs + 2 * MINUTE_MS + timing.remediationDeployMs <
        nextStartMs - 2 * MINUTE_MS
      ) {
        // Squeeze the remediation in right after the incident opened.
        const start = openedMs + 2 * MINUTE_MS;
        remediation = {
          kind,
          startMs: start,
          finishMs: start + timing.remediationDeployMs,
        };
        resolvedMs = remediation.finishMs + timing.resolveAfterRemediationMs;
      }
    }
    return {
      openedMs,
      resolvedMs,
      deploymentId,
      severity: timing.severity,
      remediation,
    };
  }

  /** True when `main`'s CI is red at `ms` (profiles with `redAfterReleaseDays`). */
  mainIsRed(ms: number, day: number): boolean {
    const redAfter = this.profile.ci.redAfterReleaseDays;
    if (redAfter === undefined) {
      return false;
    }
    let last: Release | undefined;
    let next: Release | undefined;
    for (let d = day; d >= day - LOOKBACK_DAYS && !last; d--) {
      last = [...this.day(d).releases].reverse().find(r => r.cutMs <= ms);
    }
    for (let d = day; d <= day + LOOKBACK_DAYS && !next; d++) {
      next = this.day(d).releases.find(r => r.cutMs > ms);
    }
    return (
      last !== undefined &&
      ms >= last.cutMs + redAfter * DAY_MS &&
      (next === undefined || ms < next.cutMs - DAY_MS)
    );
  }
}

/** Collects the events of one service, cutting everything at `now`. */
class Emitter {
  readonly events: DeliveryEvent[] = [];

  constructor(
    private readonly model: ServiceModel,
    private readonly nowMs: number,
  ) {}

  deployment(
    fields: Omit<
      DeploymentEvent,
      'type' | 'entityRef' | 'startedAt' | 'finishedAt'
    > & {
      startMs: number;
      finishMs: number;
    },
  ) {
    const { startMs, finishMs, labels, ...rest } = fields;
    if (finishMs > this.nowMs) {
      return; // not finished yet: appears once it has
    }
    this.events.push({
      type: 'deployment',
      ...rest,
      entityRef: this.model.entityRef,
      startedAt: iso(startMs),
      finishedAt: iso(finishMs),
      labels: { ...labels, ...DEMO_LABEL },
    } as DeploymentEvent);
  }

  run(fields: {
    id: string;
    pipeline: string;
    branch: string;
    status: Exclude<PipelineRunStatus, 'queued' | 'running'>;
    attempt: number;
    startMs: number;
    finishMs: number;
    commitSha: string;
  }) {
    const { startMs, finishMs, ...rest } = fields;
    if (startMs > this.nowMs) {
      return;
    }
    const running = finishMs > this.nowMs;
    const run: PipelineRunEvent = {
      type: 'pipelineRun',
      id: rest.id,
      entityRef: this.model.entityRef,
      pipeline: rest.pipeline,
      branch: rest.branch,
      status: running ? 'running' : rest.status,
      attempt: rest.attempt,
      startedAt: iso(startMs),
      url: `${CI_URL}/${this.model.profile.name}/runs/${rest.id}`,
      commitSha: rest.commitSha,
    };
    if (!running) {
      run.finishedAt = iso(finishMs);
    }
    this.events.push(run);
  }

  incident(id: string, plan: IncidentPlan) {
    if (plan.openedMs > this.nowMs) {
      return;
    }
    const incident: IncidentEvent = {
      type: 'incident',
      id,
      entityRef: this.model.entityRef,
      environment: 'production',
      openedAt: iso(plan.openedMs),
      resolvedAt: plan.resolvedMs <= this.nowMs ? iso(plan.resolvedMs) : null,
      severity: plan.severity,
      url: `${INCIDENT_URL}/${this.model.profile.name}/${id}`,
    };
    if (plan.deploymentId) {
      incident.deploymentId = plan.deploymentId;
    }
    this.events.push(incident);
  }
}

function emitDay(model: ServiceModel, out: Emitter, day: number) {
  const { profile } = model;
  const plan = model.day(day);

  // CI on main: one run per merged commit, some failing, a few flaky (failed, then passed).
  plan.commits.forEach((commit, index) => {
    const random = model.random('ci', day, index);
    const startMs = commit.ms + Math.floor(random.between(0.5, 3) * MINUTE_MS);
    const durationMs = Math.floor(
      random.between(...profile.ci.minutes) * MINUTE_MS,
    );
    const red = model.mainIsRed(commit.ms, day);
    const fails = random.chance(profile.ci.failureRate);
    const flaky = random.chance(profile.ci.flakyRate);
    const retryGapMs = Math.floor(random.between(1, 5) * MINUTE_MS);
    const id = model.id(day, `c${index}-ci`);
    if (flaky && !red) {
      const failedFinishMs = startMs + Math.floor(durationMs * 0.6);
      out.run({
        id: `${id}-a1`,
        pipeline: 'ci',
        branch: 'main',
        status: 'failed',
        attempt: 1,
        startMs,
        finishMs: failedFinishMs,
        commitSha: commit.sha,
      });
      out.run({
        id: `${id}-a2`,
        pipeline: 'ci',
        branch: 'main',
        status: 'succeeded',
        attempt: 2,
        startMs: failedFinishMs + retryGapMs,
        finishMs: failedFinishMs + retryGapMs + durationMs,
        commitSha: commit.sha,
      });
    } else {
      out.run({
        id: `${id}-a1`,
        pipeline: 'ci',
        branch: 'main',
        status: red || fails ? 'failed' : 'succeeded',
        attempt: 1,
        startMs,
        finishMs: startMs + durationMs,
        commitSha: commit.sha,
      });
    }
  });

  // CI on feature branches.
  if (!isWeekend(day)) {
    const random = model.random('feature', day);
    const count = random.count(profile.featureRunsPerWeekday);
    for (let index = 0; index < count; index++) {
      const startMs = Math.floor(
        day * DAY_MS + random.between(8, 19) * HOUR_MS,
      );
      const durationMs = Math.floor(
        random.between(...profile.ci.minutes) * MINUTE_MS,
      );
      const draw = random.next();
      const branch = `feature/${random.pick(FEATURES)}`;
      const sha = random.hex(40);
      const cancelled = draw < 0.05;
      let status: 'cancelled' | 'failed' | 'succeeded' = 'succeeded';
      if (cancelled) {
        status = 'cancelled';
      } else if (draw < 0.3) {
        status = 'failed';
      }
      out.run({
        id: model.id(day, `f${index}-ci`),
        pipeline: 'ci',
        branch,
        status,
        attempt: 1,
        startMs,
        finishMs:
          startMs + (cancelled ? Math.floor(durationMs / 3) : durationMs),
        commitSha: sha,
      });
    }
  }

  // Releases: staging, then production (a failed attempt retried), incidents, remediation.
  for (const release of plan.releases) {
    const commits = model.commits(release);
    if (commits.length === 0) {
      continue;
    }
    const timing = model.timing(release);
    const version = model.version(release);
    const head = commits[commits.length - 1].sha;
    const shipped: DeploymentCommit[] = commits.map(c => ({
      sha: c.sha,
      timestamp: iso(c.ms),
    }));
    const stagingId = `${release.id}-staging`;
    const productionId = `${release.id}-production`;

    out.deployment({
      id: stagingId,
      environment: 'staging',
      status: 'succeeded',
      startMs: timing.stagingStartMs,
      finishMs: timing.stagingFinishMs,
      version,
      commitSha: head,
      commits: shipped,
    });
    out.run({
      id: `${release.id}-deploy-staging-a1`,
      pipeline: 'deploy',
      branch: 'main',
      status: 'succeeded',
      attempt: 1,
      startMs: timing.stagingStartMs,
      finishMs: timing.stagingFinishMs,
      commitSha: head,
    });
    let attempt = 1;
    if (timing.failedAttempt) {
      out.deployment({
        id: `${productionId}-attempt1`,
        environment: 'production',
        status: 'failed',
        startMs: timing.failedAttempt.startMs,
        finishMs: timing.failedAttempt.finishMs,
        version,
        commitSha: head,
        commits: shipped,
      });
      out.run({
        id: `${release.id}-deploy-production-a1`,
        pipeline: 'deploy',
        branch: 'main',
        status: 'failed',
        attempt: 1,
        startMs: timing.failedAttempt.startMs,
        finishMs: timing.failedAttempt.finishMs,
        commitSha: head,
      });
      attempt = 2;
    }
    out.deployment({
      id: productionId,
      environment: 'production',
      status: 'succeeded',
      startMs: timing.productionStartMs,
      finishMs: timing.productionFinishMs,
      version,
      commitSha: head,
      commits: shipped,
    });
    out.run({
      id: `${release.id}-deploy-production-a${attempt}`,
      pipeline: 'deploy',
      branch: 'main',
      status: 'succeeded',
      attempt,
      startMs: timing.productionStartMs,
      finishMs: timing.productionFinishMs,
      commitSha: head,
    });

    const incident = model.incident(release);
    if (!incident) {
      continue;
    }
    out.incident(`${release.id}-incident`, incident);
    const remediation = incident.remediation;
    if (remediation?.kind === 'rollback') {
      const previous = model.previousDeployed(release)!;
      const previousCommits = model.commits(previous);
      const previousHead = previousCommits[previousCommits.length - 1].sha;
      out.deployment({
        id: `${release.id}-rollback`,
        environment: 'production',
        status: 'succeeded',
        startMs: remediation.startMs,
        finishMs: remediation.finishMs,
        version: model.version(previous),
        commitSha: previousHead,
        rollbackOf: productionId,
        labels: { 'runway.dev/trigger': 'rollback' },
      });
      out.run({
        id: `${release.id}-rollback-deploy-a1`,
        pipeline: 'deploy',
        branch: 'main',
        status: 'succeeded',
        attempt: 1,
        startMs: remediation.startMs,
        finishMs: remediation.finishMs,
        commitSha: previousHead,
      });
    } else if (remediation?.kind === 'hotfix') {
      const commitMs = Math.floor(
        (incident.openedMs + remediation.startMs) / 2,
      );
      const hotfixVersion = `${version}-hotfix.1`;
      out.deployment({
        id: `${release.id}-hotfix`,
        environment: 'production',
        status: 'succeeded',
        startMs: remediation.startMs,
        finishMs: remediation.finishMs,
        version: hotfixVersion,
        commitSha: timing.hotfixCommitSha,
        commits: [{ sha: timing.hotfixCommitSha, timestamp: iso(commitMs) }],
        labels: { hotfix: 'true' },
      });
      out.run({
        id: `${release.id}-hotfix-deploy-a1`,
        pipeline: 'deploy',
        branch: `hotfix/${hotfixVersion}`,
        status: 'succeeded',
        attempt: 1,
        startMs: remediation.startMs,
        finishMs: remediation.finishMs,
        commitSha: timing.hotfixCommitSha,
      });
    }
  }
}

function eventTime(event: DeliveryEvent): string {
  switch (event.type) {
    case 'deployment':
      return event.startedAt ?? event.finishedAt;
    case 'incident':
      return event.openedAt;
    default:
      return event.startedAt ?? event.finishedAt ?? '';
  }
}

/**
 * The demo delivery history up to `now`: for every demo service, the commits merged to
 * `main`, releases deployed to staging then production (with the commits they shipped),
 * `ci` and `deploy` pipeline runs, incidents, rollbacks and hotfixes, over the UTC calendar
 * days from `days` days before the day of `now` to `now` itself. A pure function: no clock,
 * no I/O, no `Math.random`.
 *
 * Stability (see README.md): every event belongs to a UTC day of its service (the day of its
 * commit, feature run or release cut), its id is `demo-<service>-<yyyymmdd>-<sequence>...`,
 * and its content depends only on the seed, the profile and that day's plan, never on `now`
 * or on `days`, except that nothing after `now` is emitted: deployments appear once finished,
 * pipeline runs that have started but not finished are `running`, incidents not resolved yet
 * have `resolvedAt: null`. A later `now` therefore reproduces every earlier event with the
 * same id and content, except those three "still open" cases, which it completes.
 *
 * Events are sorted by their start (`startedAt`, `openedAt`), then type and id.
 *
 * @throws Error when `now` is not an ISO-8601 instant or `days` is not a whole number >= 0.
 */
export function generateDemoHistory(
  options: GenerateDemoHistoryOptions,
): DeliveryEvent[] {
  const nowMs = Date.parse(options.now);
  if (!Number.isFinite(nowMs)) {
    throw new Error(`'now' must be an ISO-8601 instant, got '${options.now}'`);
  }
  const days = options.days ?? DEMO_HISTORY_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`'days' must be a whole number >= 0, got ${days}`);
  }
  const seed = options.seed ?? DEMO_HISTORY_DEFAULT_SEED;
  const today = Math.floor(nowMs / DAY_MS);
  const events: DeliveryEvent[] = [];
  for (const profile of options.services ?? DEMO_SERVICE_PROFILES) {
    const model = new ServiceModel(profile, seed);
    const out = new Emitter(model, nowMs);
    for (let day = today - days; day <= today; day++) {
      emitDay(model, out, day);
    }
    events.push(...out.events);
  }
  const keyed = events.map(event => ({
    event,
    key: `${eventTime(event)}|${event.type}|${event.id}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)));
  return keyed.map(({ event }) => event);
}
