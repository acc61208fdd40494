import { DeliveryEvent } from '@runway/plugin-delivery-common';
import { computeDora } from '../dora';
import { computePipelineState } from '../pipelines';
import { parseEventList } from '../service/parseEvents';
import { generateDemoHistory } from './generateDemoHistory';
import { DEMO_LABEL, DEMO_SERVICE_PROFILES } from './profiles';

const DAY_MS = 86_400_000;
const NOW = '2026-11-22T07:00:00.000Z';
const CATALOG_SEARCH = 'component:default/catalog-search';
const LEDGER = 'component:default/ledger';

const key = (event: DeliveryEvent) => `${event.type}:${event.id}`;
const ms = (instant: string) => Date.parse(instant);
const plus = (instant: string, days: number) =>
  new Date(ms(instant) + days * DAY_MS).toISOString();
/** The UTC day an event belongs to, from its id (`demo-<service>-<yyyymmdd>-...`). */
const dayOf = (event: DeliveryEvent) => {
  const match = /-(\d{4})(\d{2})(\d{2})-/.exec(event.id)!;
  return Date.UTC(+match[1], +match[2] - 1, +match[3]) / DAY_MS;
};
const instantsOf = (event: DeliveryEvent): string[] => {
  switch (event.type) {
    case 'deployment':
      return [event.startedAt!, event.finishedAt];
    case 'incident':
      return [event.openedAt, ...(event.resolvedAt ? [event.resolvedAt] : [])];
    default:
      return [
        event.startedAt!,
        ...(event.finishedAt ? [event.finishedAt] : []),
      ];
  }
};
/** Still "open" at generation time: may legitimately be completed by a later run. */
const isOpen = (event: DeliveryEvent) =>
  (event.type === 'incident' && !event.resolvedAt) ||
  (event.type === 'pipelineRun' && event.status === 'running');

function ofType<T extends DeliveryEvent['type']>(
  events: readonly DeliveryEvent[],
  type: T,
  entityRef?: string,
) {
  return events.filter(
    e => e.type === type && (!entityRef || e.entityRef === entityRef),
  ) as Array<Extract<DeliveryEvent, { type: T }>>;
}

function dora(
  events: readonly DeliveryEvent[],
  entityRef: string,
  now: string,
) {
  return computeDora({
    from: plus(now, -90),
    to: now,
    environment: 'production',
    deployments: ofType(events, 'deployment', entityRef),
    incidents: ofType(events, 'incident', entityRef),
  });
}

describe('generateDemoHistory', () => {
  const events = generateDemoHistory({ now: NOW });

  it('covers the eight demo services with six months of every kind of event', () => {
    expect(DEMO_SERVICE_PROFILES.map(p => p.entityRef).sort()).toEqual(
      [
        'catalog-search',
        'checkout',
        'fraud-detection',
        'identity',
        'ledger',
        'notification-service',
        'payments',
        'storefront-web',
      ].map(name => `component:default/${name}`),
    );
    for (const profile of DEMO_SERVICE_PROFILES) {
      const mine = events.filter(e => e.entityRef === profile.entityRef);
      const deployments = ofType(mine, 'deployment');
      expect(new Set(deployments.map(d => d.environment))).toEqual(
        new Set(['staging', 'production']),
      );
      const pipelines = ofType(mine, 'pipelineRun');
      expect(new Set(pipelines.map(r => r.pipeline))).toEqual(
        new Set(['ci', 'deploy']),
      );
      expect(pipelines.some(r => r.branch?.startsWith('feature/'))).toBe(true);
      expect(pipelines.some(r => r.status === 'failed')).toBe(true);
      expect(ofType(mine, 'incident').length).toBeGreaterThan(0);
      const first = Math.min(...mine.map(e => ms(instantsOf(e)[0])));
      expect(first).toBeLessThan(ms(plus(NOW, -170)));
    }
    const deployments = ofType(events, 'deployment');
    expect(deployments.filter(d => d.rollbackOf).length).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      deployments.filter(d => d.labels?.hotfix === 'true').length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      deployments.filter(d => d.status === 'failed').length,
    ).toBeGreaterThan(0);
    expect(
      deployments.every(d => /^\d+\.\d+\.\d+(-hotfix\.1)?$/.test(d.version!)),
    ).toBe(true);
    const incidents = ofType(events, 'incident');
    expect(incidents.some(i => i.deploymentId)).toBe(true);
    expect(incidents.some(i => !i.deploymentId)).toBe(true);
    expect(new Set(incidents.map(i => i.severity)).size).toBeGreaterThan(2);
    const runs = ofType(events, 'pipelineRun');
    expect(runs.some(r => r.attempt === 2 && r.status === 'succeeded')).toBe(
      true,
    );
  });

  it('is deterministic: the same now and seed give identical events', () => {
    expect(generateDemoHistory({ now: NOW })).toEqual(events);
    expect(
      generateDemoHistory({ now: NOW, days: 183, seed: 'runway-demo' }),
    ).toEqual(events);
    const other = generateDemoHistory({ now: NOW, seed: 'another' });
    expect(other.map(key)).not.toEqual(events.map(key));
  });

  it('labels everything as demo data and never produces an event after now', () => {
    expect(new Set(events.map(key)).size).toBe(events.length);
    const problems = events.filter(
      event =>
        !/^demo-[a-z-]+-\d{8}-/.test(event.id) ||
        instantsOf(event).some(instant => ms(instant) > ms(NOW)) ||
        (event.type === 'deployment'
          ? event.labels?.['runway.dev/demo'] !== 'true'
          : !new URL(event.url!).hostname.endsWith('.runway-demo.example')),
    );
    expect(problems).toEqual([]);
    expect(DEMO_LABEL).toEqual({ 'runway.dev/demo': 'true' });
  });

  it('produces valid events: the native API accepts them and times are consistent', () => {
    expect(parseEventList(events, i => `events[${i}]`)).toHaveLength(
      events.length,
    );
    const deployments = new Map(
      ofType(events, 'deployment').map(d => [d.id, d] as const),
    );
    const problems: string[] = [];
    const check = (ok: boolean, event: DeliveryEvent, what: string) => {
      if (!ok) problems.push(`${key(event)}: ${what}`);
    };
    for (const event of events) {
      const [start, end] = instantsOf(event);
      check(!end || ms(end) >= ms(start), event, 'ends before it starts');
      if (event.type === 'deployment') {
        for (const commit of event.commits ?? []) {
          check(
            ms(commit.timestamp) < ms(event.startedAt!),
            event,
            `commit ${commit.sha} after the deployment`,
          );
        }
        if (event.rollbackOf) {
          const target = deployments.get(event.rollbackOf);
          check(
            target?.environment === event.environment &&
              ms(target.finishedAt) < ms(event.startedAt!),
            event,
            'rolls back a missing or later deployment',
          );
        }
      }
      if (event.type === 'incident') {
        check(
          !event.resolvedAt || ms(event.resolvedAt) > ms(event.openedAt),
          event,
          'resolved before opened',
        );
        if (event.deploymentId) {
          const named = deployments.get(event.deploymentId);
          check(
            named?.environment === 'production' &&
              ms(event.openedAt) > ms(named.finishedAt),
            event,
            'opened before the deployment it names',
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps production deployments of a service in release order, commits shipped once', () => {
    for (const profile of DEMO_SERVICE_PROFILES) {
      const production = ofType(events, 'deployment', profile.entityRef)
        .filter(d => d.environment === 'production' && d.status === 'succeeded')
        .filter(d => d.id.endsWith('-production'))
        .sort((a, b) => ms(a.finishedAt) - ms(b.finishedAt));
      const order = production.map(d => d.id.replace(/-production$/, ''));
      expect(order).toEqual([...order].sort());
      const shas = production.flatMap(d => (d.commits ?? []).map(c => c.sha));
      expect(new Set(shas).size).toBe(shas.length);
    }
  });

  it('names no deployment only for incidents inside the 24 h window before the next deployment', () => {
    for (const incident of ofType(events, 'incident').filter(
      i => !i.deploymentId,
    )) {
      const live = ofType(events, 'deployment', incident.entityRef)
        .filter(d => d.environment === 'production' && d.status === 'succeeded')
        .filter(d => ms(d.finishedAt) <= ms(incident.openedAt))
        .sort((a, b) => ms(a.finishedAt) - ms(b.finishedAt))
        .pop()!;
      expect(live.id).toBe(incident.id.replace(/-incident$/, '-production'));
      expect(ms(incident.openedAt) - ms(live.finishedAt)).toBeLessThan(DAY_MS);
    }
  });

  describe('across restarts', () => {
    /**
     * `later` must hold every event of `earlier` on the days both cover, identical unless it
     * was still open; and every event of `later` that lies wholly before `earlierNow` must
     * have been in `earlier` already (a restart only adds what happened since).
     */
    function expectConsistent(
      earlierNow: string,
      earlier: DeliveryEvent[],
      later: DeliveryEvent[],
      firstSharedDay: number,
    ) {
      const laterByKey = new Map(later.map(e => [key(e), e]));
      const earlierByKey = new Map(earlier.map(e => [key(e), e]));
      const same = (a: unknown, b: unknown) =>
        JSON.stringify(a) === JSON.stringify(b);
      const problems: string[] = [];
      let shared = 0;
      let completed = 0;
      for (const event of earlier.filter(e => dayOf(e) >= firstSharedDay)) {
        const again = laterByKey.get(key(event));
        shared += 1;
        if (!again) {
          problems.push(`${key(event)} disappeared`);
        } else if (isOpen(event)) {
          // An open incident may get resolvedAt; a running run its status and finishedAt.
          const reopened =
            event.type === 'incident'
              ? { ...again, resolvedAt: null }
              : { ...again, status: 'running', finishedAt: undefined };
          if (!same(JSON.parse(JSON.stringify(reopened)), event)) {
            problems.push(`${key(event)} changed beyond completion`);
          }
          completed += isOpen(again) ? 0 : 1;
        } else if (!same(again, event)) {
          problems.push(`${key(event)} changed`);
        }
      }
      for (const event of later.filter(e => dayOf(e) >= firstSharedDay)) {
        const before = earlierByKey.get(key(event));
        if (
          !before &&
          instantsOf(event).every(i => ms(i) <= ms(earlierNow)) &&
          !isOpen(event)
        ) {
          problems.push(`${key(event)} appeared in the past`);
        }
      }
      expect(problems).toEqual([]);
      return { shared, completed };
    }

    it('a day later reproduces the overlapping days and only adds or completes events', () => {
      const later = generateDemoHistory({ now: plus(NOW, 1) });
      const firstSharedDay = Math.floor(ms(plus(NOW, 1)) / DAY_MS) - 183;
      const { shared } = expectConsistent(NOW, events, later, firstSharedDay);
      expect(shared).toBeGreaterThan(10_000);
      // The dropped first day is the only thing the earlier run has that the later lacks.
      const laterKeys = new Set(later.map(key));
      expect(
        events
          .filter(e => !laterKeys.has(key(e)))
          .every(e => dayOf(e) < firstSharedDay),
      ).toBe(true);
    });

    it('runs at 10:00 and 15:00 on the same day agree on everything before 10:00', () => {
      const morning = generateDemoHistory({
        now: '2026-11-18T10:00:00Z',
        days: 20,
      });
      const afternoon = generateDemoHistory({
        now: '2026-11-18T15:00:00Z',
        days: 20,
      });
      const firstDay = Math.floor(ms('2026-11-18T00:00:00Z') / DAY_MS) - 20;
      expectConsistent('2026-11-18T10:00:00Z', morning, afternoon, firstDay);
      expect(afternoon.length).toBeGreaterThan(morning.length);
    });

    it('a longer window only adds older days', () => {
      const short = generateDemoHistory({ now: NOW, days: 30 });
      const keys = new Set(events.map(key));
      expect(short.every(e => keys.has(key(e)))).toBe(true);
      const today = Math.floor(ms(NOW) / DAY_MS);
      expect(Math.min(...short.map(dayOf))).toBe(today - 30);
      expect(
        generateDemoHistory({ now: NOW, days: 0 }).every(
          e => dayOf(e) === today,
        ),
      ).toBe(true);
    });

    it('completes open events later, week by week, over two months', () => {
      let now = '2026-09-01T12:00:00.000Z';
      let previous = generateDemoHistory({ now, days: 60 });
      let completed = 0;
      for (let week = 0; week < 8; week++) {
        const next = plus(now, 7);
        const current = generateDemoHistory({ now: next, days: 60 });
        completed += expectConsistent(
          now,
          previous,
          current,
          Math.floor(ms(next) / DAY_MS) - 60,
        ).completed;
        now = next;
        previous = current;
      }
      expect(completed).toBeGreaterThan(0);
    });
  });

  describe('profiles, through the real engines (last 90 days of production)', () => {
    it('catalog-search is elite', () => {
      const result = dora(events, CATALOG_SEARCH, NOW);
      expect(result.deploymentFrequency.level).toBe('elite');
      expect(result.leadTime.level).toBe('elite');
      expect(result.changeFailureRate.rate).toBeLessThanOrEqual(0.05);
      expect(result.recoveryTime.level).toBe('elite');
    });

    it('ledger struggles, with an incident open and main failing', () => {
      const result = dora(events, LEDGER, NOW);
      expect(['low', 'medium']).toContain(result.deploymentFrequency.level);
      expect(['low', 'medium']).toContain(result.leadTime.level);
      expect(['low', 'medium']).toContain(result.changeFailureRate.level);
      expect(result.changeFailureRate.rate).toBeGreaterThanOrEqual(0.35);
      expect(result.leadTime.medianSeconds).toBeGreaterThan(7 * 86_400);
      expect(result.recoveryTime.openIncidents).toBeGreaterThanOrEqual(1);

      const state = computePipelineState({
        now: NOW,
        runs: ofType(events, 'pipelineRun', LEDGER),
      });
      const ci = state.pipelines.find(p => p.pipeline === 'ci')!;
      expect(ci.defaultBranch?.branch).toBe('main');
      expect(ci.defaultBranch?.failingSince).not.toBeNull();
      expect(ci.defaultBranch?.consecutiveFailures).toBeGreaterThanOrEqual(2);
    });

    it('the others sit in between and some pipeline is flaky', () => {
      for (const name of [
        'checkout',
        'storefront-web',
        'payments',
        'notification-service',
      ]) {
        const result = dora(events, `component:default/${name}`, NOW);
        expect(['elite', 'high']).toContain(result.deploymentFrequency.level);
        expect(['elite', 'high', 'medium']).toContain(
          result.changeFailureRate.level,
        );
      }
      for (const name of ['identity', 'fraud-detection']) {
        const result = dora(events, `component:default/${name}`, NOW);
        expect(result.deploymentFrequency.level).toBe('medium');
      }
      const state = computePipelineState({
        now: NOW,
        runs: ofType(events, 'pipelineRun'),
      });
      expect(state.flakyPipelines.length).toBeGreaterThan(0);
    });

    it('the ledger always has an open incident and catalog-search stays elite, whatever the day', () => {
      for (let day = 0; day < 120; day += 5) {
        const now = plus('2026-05-01T09:30:00.000Z', day);
        const history = generateDemoHistory({
          now,
          days: 100,
          services: DEMO_SERVICE_PROFILES.filter(
            p => p.entityRef === LEDGER || p.entityRef === CATALOG_SEARCH,
          ),
        });
        const ledger = dora(history, LEDGER, now);
        expect(ledger.recoveryTime.openIncidents).toBeGreaterThanOrEqual(1);
        expect(['low', 'medium']).toContain(ledger.leadTime.level);
        const elite = dora(history, CATALOG_SEARCH, now);
        expect(elite.deploymentFrequency.level).toBe('elite');
        expect(elite.leadTime.level).toBe('elite');
      }
    });
  });

  it('rejects a bad now or days', () => {
    expect(() => generateDemoHistory({ now: 'yesterday' })).toThrow(/now/);
    expect(() => generateDemoHistory({ now: NOW, days: -1 })).toThrow(/days/);
  });
});
