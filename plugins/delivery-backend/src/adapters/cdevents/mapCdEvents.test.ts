import fs from 'node:fs';
import path from 'node:path';
import { oraclePath, oracleSuite } from '../__testUtils__/oracle';
import { MAX_CDEVENTS_PER_REQUEST, mapCdEvents } from './mapCdEvents';

const ORACLE = oraclePath('cdevents');
/** The CDEvents spec's conformance examples, kept in ../shared (not shipped). */
const oracle = oracleSuite(
  'mapCdEvents over the CDEvents conformance examples',
  [
    path.join(ORACLE, 'conformance'),
    path.join(ORACLE, 'v0.4.1', 'conformance'),
  ],
);

function conformance(file: string, version: '0.4.1' | '0.5.1' = '0.5.1') {
  const dir = version === '0.5.1' ? ORACLE : path.join(ORACLE, 'v0.4.1');
  return JSON.parse(
    fs.readFileSync(path.join(dir, 'conformance', `${file}.json`), 'utf8'),
  );
}

/** Conformance examples share ids; give each a distinct one as a producer would. */
function withIds(event: any, contextId: string, subjectId?: string) {
  const copy = structuredClone(event);
  copy.context.id = contextId;
  if (subjectId) {
    copy.subject.id = subjectId;
  }
  return copy;
}

oracle.describe('mapCdEvents', () => {
  it('maps service.deployed to a succeeded deployment of the service', () => {
    const result = mapCdEvents(conformance('service_deployed'));
    expect(result.errors).toEqual([]);
    expect(result.events).toEqual([
      {
        source: 'cdevents',
        entity: { kind: 'cdeventsService', serviceId: 'mySubject123' },
        event: {
          type: 'deployment',
          id: 'cdevents:/event/source/123:271069a8-fc18-44f1-b38f-9d70a1695819',
          environment: 'test123',
          status: 'succeeded',
          finishedAt: '2023-03-20T14:27:05.315Z',
          version:
            'pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427',
          labels: { 'cdevents.type': 'service.deployed' },
        },
      },
    ]);
  });

  it('maps service.upgraded of spec 0.4 the same way', () => {
    const result = mapCdEvents(conformance('service_upgraded', '0.4.1'));
    expect(result.errors).toEqual([]);
    expect(result.events[0].event).toMatchObject({
      type: 'deployment',
      status: 'succeeded',
      environment: 'test123',
      labels: { 'cdevents.type': 'service.upgraded' },
    });
  });

  it('labels a rollback and leaves rollbackOf unset when nothing names the reverted deployment', () => {
    const result = mapCdEvents(conformance('service_rolledback'));
    const event = result.events[0].event;
    expect(event).toMatchObject({
      type: 'deployment',
      labels: { 'cdevents.type': 'service.rolledback', rollback: 'true' },
    });
    expect(event).not.toHaveProperty('rollbackOf');
  });

  it('derives rollbackOf from a ROLLBACK relation link to the reverted deployment event', () => {
    const deployed = withIds(conformance('service_deployed'), 'deploy-1');
    const rollback = withIds(conformance('service_rolledback'), 'rollback-1');
    rollback.context.links = [
      {
        linkType: 'RELATION',
        linkKind: 'ROLLBACK',
        target: { contextId: 'deploy-1' },
      },
    ];
    const result = mapCdEvents([deployed, rollback]);
    expect(result.errors).toEqual([]);
    const [first, second] = result.events.map(e => e.event);
    expect(second).toMatchObject({ rollbackOf: first.id });
  });

  it('takes rollbackOf, commits and the entity from Runway fields in customData', () => {
    const rollback = conformance('service_rolledback');
    rollback.customData = {
      entityRef: 'component:default/payments',
      rollbackOf: 'deploy-41',
      commitSha: 'abc123',
      commits: [{ sha: 'abc123', timestamp: '2023-03-20T15:00:00+01:00' }],
    };
    const [mapped] = mapCdEvents(rollback).events;
    expect(mapped.entity).toEqual({
      kind: 'entityRef',
      entityRef: 'component:default/payments',
    });
    expect(mapped.event).toMatchObject({
      rollbackOf: 'deploy-41',
      commitSha: 'abc123',
      commits: [{ sha: 'abc123', timestamp: '2023-03-20T14:00:00.000Z' }],
    });
  });

  it('reports invalid Runway customData fields with their path', () => {
    const deployed = conformance('service_deployed');
    deployed.customData = { commits: [{ sha: 'abc', timestamp: 'soon' }] };
    const result = mapCdEvents(deployed);
    expect(result.events).toEqual([]);
    expect(result.errors).toEqual([
      {
        path: 'customData.commits[0].timestamp',
        message: 'must be a date-time with offset',
      },
    ]);
  });

  it('maps pipelinerun.started and .finished to one run: same id, running then final status', () => {
    const started = conformance('pipelinerun_started');
    const finished = conformance('pipelinerun_finished');
    const result = mapCdEvents([started, finished]);
    expect(result.errors).toEqual([]);
    const [run1, run2] = result.events;
    expect(run1.event).toEqual({
      type: 'pipelineRun',
      id: 'cdevents:/event/source/123:mySubject123',
      pipeline: 'myPipeline',
      status: 'running',
      startedAt: '2023-03-20T14:27:05.315Z',
      url: 'https://www.example.com/mySubject123',
    });
    expect(run2.event).toMatchObject({
      id: run1.event.id,
      status: 'failed',
      finishedAt: '2023-03-20T14:27:05.315Z',
    });
    expect(run2.event).not.toHaveProperty('startedAt');
    expect(run1.entity).toEqual({
      kind: 'cdeventsService',
      serviceId: 'myPipeline',
    });
  });

  it.each([
    ['success', 'succeeded'],
    ['failure', 'failed'],
    ['error', 'failed'],
    ['cancel', 'cancelled'],
  ])('maps outcome %s to %s', (outcome, status) => {
    const finished = conformance('pipelinerun_finished');
    finished.subject.content.outcome = outcome;
    expect(mapCdEvents(finished).events[0].event).toMatchObject({ status });
  });

  it('ignores a 0.4 pipelinerun.finished whose free-text outcome has no meaning, saying why', () => {
    const finished = conformance('pipelinerun_finished', '0.4.1');
    finished.subject.content.outcome = 'partially ok';
    const result = mapCdEvents(finished);
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([
      {
        path: '',
        reason:
          'pipelinerun.finished outcome "partially ok" is not one of success, failure, error, cancel',
      },
    ]);
  });

  it('maps change.merged to a merged-change record attributed through the repository', () => {
    const merged = conformance('change_merged');
    merged.subject.content.repository.source = 'https://github.com';
    const result = mapCdEvents(merged);
    expect(result.events).toEqual([]);
    expect(result.changes).toEqual([
      {
        source: 'cdevents',
        id: 'cdevents:/event/source/123:mySubject123',
        repository: 'TestRepo/TestOrg',
        mergedAt: '2023-03-20T14:27:05.315Z',
        entity: {
          kind: 'repository',
          provider: 'github',
          slug: 'TestRepo/TestOrg',
        },
      },
    ]);
  });

  it('maps incidents by subject id so the resolution updates the detection', () => {
    const detected = conformance('incident_detected');
    const resolved = conformance('incident_resolved');
    resolved.context.timestamp = '2022-11-11T15:00:00Z';
    const result = mapCdEvents([detected, resolved]);
    expect(result.errors).toEqual([]);
    const [open, closed] = result.events;
    expect(open.event).toMatchObject({
      type: 'incident',
      id: 'cdevents:/monitoring/prod1:incident-123',
      environment: 'prod1',
      openedAt: '2022-11-11T13:52:20.079Z',
    });
    expect(open.event).not.toHaveProperty('resolvedAt');
    expect(open.entity).toEqual({
      kind: 'cdeventsService',
      serviceId: 'myApp',
    });
    expect(closed.event).toMatchObject({
      id: open.event.id,
      resolvedAt: '2022-11-11T15:00:00.000Z',
    });
    expect(closed.placeholderFields).toEqual(['openedAt']);
  });

  it('keeps severity and ticket of a reported incident', () => {
    const reported = conformance('incident_reported');
    const [mapped] = mapCdEvents(reported).events;
    expect(mapped.event).toMatchObject({
      severity: 'medium',
      url: 'https://my-issues.example/incidents/ticket-345',
    });
  });

  it('keeps an incident without a service, to be listed as unmatched', () => {
    const detected = conformance('incident_detected');
    delete detected.subject.content.service;
    const [mapped] = mapCdEvents(detected).events;
    expect(mapped.entity.kind).toBe('none');
  });

  it('names the field and the rule in validation errors, prefixed by the index in a batch', () => {
    const good = conformance('service_deployed');
    const bad = conformance('service_deployed');
    bad.context.timestamp = 'yesterday';
    delete bad.subject.content.artifactId;
    bad.subject.content.environment = { id: 3 };
    const result = mapCdEvents([good, bad]);
    expect(result.events).toHaveLength(1);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: '[1].context.timestamp', message: 'must be date-time' },
        { path: '[1].subject.content.artifactId', message: 'is required' },
        {
          path: '[1].subject.content.environment.id',
          message: 'must be string',
        },
      ]),
    );
    expect(result.errors).toHaveLength(3);
  });

  it('reports an unknown field and a bad link once each', () => {
    const event = conformance('incident_detected');
    event.context.colour = 'blue';
    event.context.links = [{ linkType: 'PATH' }];
    expect(mapCdEvents(event).errors).toEqual([
      { path: 'context.colour', message: 'is not allowed' },
      {
        path: 'context.links[0]',
        message:
          'must be an END, PATH or RELATION link with its required fields',
      },
    ]);
  });

  it('ignores every other CDEvent type of both spec versions with a reason, without errors', () => {
    for (const dir of [ORACLE, path.join(ORACLE, 'v0.4.1')]) {
      for (const file of fs.readdirSync(path.join(dir, 'conformance'))) {
        const event = JSON.parse(
          fs.readFileSync(path.join(dir, 'conformance', file), 'utf8'),
        );
        const result = mapCdEvents(event);
        expect(result.errors).toEqual([]);
        expect(
          result.events.length + result.changes.length + result.ignored.length,
        ).toBe(1);
      }
    }
    expect(
      mapCdEvents(conformance('artifact_packaged')).ignored[0].reason,
    ).toBe(
      'CDEvent type "dev.cdevents.artifact.packaged.0.3.0" is not mapped by Runway',
    );
  });

  it('ignores an older version of an accepted type, naming the accepted ones', () => {
    const old = conformance('service_deployed');
    old.context.type = 'dev.cdevents.service.deployed.0.1.1';
    expect(mapCdEvents(old).ignored[0].reason).toBe(
      'CDEvent type "dev.cdevents.service.deployed.0.1.1" is an unsupported version of service.deployed; accepted: dev.cdevents.service.deployed.0.2.0 (spec 0.4), dev.cdevents.service.deployed.0.3.0 (spec 0.5)',
    );
  });

  it('reads every RFC 3339 form the schema accepts', () => {
    const deployed = conformance('service_deployed');
    deployed.context.timestamp = '2023-03-20 16:27:05.1+02:00';
    expect(mapCdEvents(deployed).events[0].event).toMatchObject({
      finishedAt: '2023-03-20T14:27:05.100Z',
    });
    deployed.context.timestamp = '2023-03-20t14:27:05z';
    expect(mapCdEvents(deployed).events[0].event).toMatchObject({
      finishedAt: '2023-03-20T14:27:05.000Z',
    });
  });

  it('rejects bodies that are not CDEvents', () => {
    expect(mapCdEvents([]).errors).toEqual([
      { path: '', message: 'must contain at least one CDEvent' },
    ]);
    expect(mapCdEvents('hello').errors).toEqual([
      {
        path: '',
        message: 'must be a CDEvent: an object with context and subject',
      },
    ]);
    expect(mapCdEvents([{ context: {} }]).errors).toEqual([
      { path: '[0].context.type', message: 'is required' },
    ]);
  });
});

describe('mapCdEvents limits', () => {
  it('refuses an array of more CDEvents than one request may carry, before reading any', () => {
    const result = mapCdEvents(
      Array.from({ length: MAX_CDEVENTS_PER_REQUEST + 1 }, () => ({})),
    );
    expect(result.events).toEqual([]);
    expect(result.errors).toEqual([
      {
        path: '',
        message: `must contain at most ${MAX_CDEVENTS_PER_REQUEST} CDEvents (got ${
          MAX_CDEVENTS_PER_REQUEST + 1
        }); send them in several requests`,
      },
    ]);
  });

  it('reads an array of exactly that many', () => {
    const result = mapCdEvents(
      Array.from({ length: MAX_CDEVENTS_PER_REQUEST }, () => ({})),
    );
    // Each is read (and found not to be a CDEvent), none is refused for the count.
    expect(result.errors).toHaveLength(MAX_CDEVENTS_PER_REQUEST);
    expect(result.errors[0]).toEqual({
      path: '[0].context.type',
      message: 'is required',
    });
  });
});
