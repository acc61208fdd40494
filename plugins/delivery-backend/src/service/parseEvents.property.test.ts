import fc from 'fast-check';
import {
  propertyFailure,
  jsonShaped,
  mutationsOf,
  resultOrClientError,
} from '../adapters/__testUtils__/properties';
import { parseEventsBody } from './parseEvents';

const NUM_RUNS = 500;

const deployment = {
  type: 'deployment',
  id: 'payments-prod-1842',
  entityRef: 'component:default/payments',
  environment: 'production',
  status: 'succeeded',
  startedAt: '2026-01-05T09:50:00Z',
  finishedAt: '2026-01-05T10:00:00Z',
  version: '1.42.0',
  commitSha: '9fceb02',
  commits: [{ sha: '9fceb02', timestamp: '2026-01-05T08:12:00Z' }],
  labels: { pipeline: 'deploy' },
};
const incident = {
  type: 'incident',
  id: 'inc-1',
  entityRef: 'component:default/payments',
  environment: 'production',
  openedAt: '2026-01-10T10:00:00Z',
  resolvedAt: '2026-01-10T12:00:00Z',
  deploymentId: 'payments-prod-1842',
  severity: 'sev2',
  url: 'https://incidents.example.com/1',
};
const pipelineRun = {
  type: 'pipelineRun',
  id: 'payments-ci-7781-1',
  entityRef: 'component:default/payments',
  pipeline: 'ci',
  branch: 'main',
  status: 'succeeded',
  attempt: 1,
  startedAt: '2026-01-05T09:30:00Z',
  finishedAt: '2026-01-05T09:41:00Z',
  commitSha: '9fceb02',
};
const examples = [
  deployment,
  incident,
  pipelineRun,
  { events: [deployment, incident, pipelineRun] },
];

describe('parseEventsBody under arbitrary input', () => {
  it('accepts the examples', () => {
    for (const example of examples) {
      expect(() => parseEventsBody(example)).not.toThrow();
    }
  });

  it('parses any value or refuses it with an InputError', () => {
    expect(
      propertyFailure(
        fc.property(fc.oneof(fc.anything(), jsonShaped), body => {
          resultOrClientError(() => parseEventsBody(body));
        }),
        { numRuns: NUM_RUNS },
      ),
    ).toBeUndefined();
  });

  it('parses mutated events or refuses them with an InputError', () => {
    expect(
      propertyFailure(
        fc.property(mutationsOf(examples), body => {
          resultOrClientError(() => parseEventsBody(body));
        }),
        { numRuns: NUM_RUNS },
      ),
    ).toBeUndefined();
  });

  it('gives every accepted event an entity ref and an instant in UTC', () => {
    fc.assert(
      fc.property(mutationsOf(examples), body => {
        const events = resultOrClientError(() => parseEventsBody(body)) ?? [];
        for (const event of events) {
          expect(event.entityRef).toMatch(/^[^:]+:[^/]+\/.+$/);
          const instant =
            event.type === 'incident' ? event.openedAt : event.finishedAt;
          expect(instant ?? 'Z').toMatch(/Z$/);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
