/*
 * The synthetic organisation and history the hand-run scripts (benchmark.ts, faults.ts) feed
 * the backend through POST /events: deterministic, so two runs store the same rows.
 */
import { Entity } from '@backstage/catalog-model';
import { DeliveryEvent } from '@runway/plugin-delivery-common';

export const GROUP_SIZE = 50;
const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;
/** The history ends here, so that windows and answers do not depend on the day of the run. */
export const END = Date.UTC(2026, 0, 1);

export const service = (i: number) => `component:default/svc-${i}`;
/** A System every service is part of: the whole organisation in one entityRef. */
export const ORGANISATION = 'system:default/organisation';
export const group = (i: number) =>
  `group:default/group-${Math.floor(i / GROUP_SIZE)}`;

/**
 * `services` components in teams of GROUP_SIZE, all part of one System (the organisation),
 * as the mock catalog holds them.
 */
export function syntheticEntities(services: number): Entity[] {
  const groups = Math.ceil(services / GROUP_SIZE);
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'organisation', namespace: 'default' },
      spec: { owner: group(0) },
    },
    ...Array.from({ length: groups }, (_, g) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `group-${g}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    })),
    ...Array.from({ length: services }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${i}`, namespace: 'default' },
      spec: { type: 'service', owner: group(i), system: ORGANISATION },
      relations: [
        { type: 'ownedBy', targetRef: group(i) },
        { type: 'partOf', targetRef: ORGANISATION },
      ],
    })),
  ];
}

/**
 * Event `n` of one service: 40% deployments (3 commits each), 5% incidents, 55% CI runs,
 * spread evenly over the `years` before END.
 */
export function syntheticEvent(
  entityRef: string,
  n: number,
  perService: number,
  years: number = 1,
): DeliveryEvent {
  const span = years * YEAR_MS;
  const at = END - span + Math.floor((n / perService) * span);
  const kind = n % 20;
  const id = `${entityRef}-${n}`;
  if (kind < 8) {
    return {
      type: 'deployment',
      id,
      entityRef,
      environment: kind < 5 ? 'production' : 'staging',
      status: kind === 4 ? 'failed' : 'succeeded',
      finishedAt: new Date(at).toISOString(),
      commits: [1, 2, 3].map(c => ({
        sha: `${id}-${c}`,
        timestamp: new Date(at - c * 3_600_000).toISOString(),
      })),
    };
  }
  if (kind === 8) {
    return {
      type: 'incident',
      id,
      entityRef,
      environment: 'production',
      openedAt: new Date(at).toISOString(),
      resolvedAt: new Date(at + 3_600_000).toISOString(),
    };
  }
  return {
    type: 'pipelineRun',
    id,
    entityRef,
    pipeline: 'ci',
    branch: 'main',
    status: 'succeeded',
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 600_000).toISOString(),
  };
}

/**
 * The synthetic history of `services` services over `years` (one by default) in batches of
 * `size`, generated as it is read, so a stream of ten million events never sits in memory.
 * `service`: service after service (a batch may span two services); `round`: each batch one
 * service's next events, the services in turn, as many services deploying at once post
 * (concurrent clients then write different services, each service's events in order).
 */
export function* syntheticBatches(
  events: number,
  services: number,
  size: number,
  order: 'service' | 'round' = 'service',
  years: number = 1,
): Generator<DeliveryEvent[]> {
  const perService = Math.ceil(events / services);
  if (order === 'round') {
    for (let n = 0; n < perService; n += size) {
      for (let s = 0; s < services; s++) {
        yield Array.from({ length: Math.min(size, perService - n) }, (_, k) =>
          syntheticEvent(service(s), n + k, perService, years),
        );
      }
    }
    return;
  }
  let batch: DeliveryEvent[] = [];
  for (let s = 0; s < services; s++) {
    for (let n = 0; n < perService; n++) {
      batch.push(syntheticEvent(service(s), n, perService, years));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
