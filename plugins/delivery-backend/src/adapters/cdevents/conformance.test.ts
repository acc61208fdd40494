import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { oraclePath, oracleSuite } from '../__testUtils__/oracle';
import { mapCdEvents } from './mapCdEvents';
import {
  CDEVENT_KINDS,
  CDEVENTS_SPEC_LINES,
  CdEventKind,
  CdEventsSpecLine,
} from './schemas';
import { CdEventsValidator } from './validate';

/**
 * Runway's CDEvents schemas are written by hand (no npm package publishes the spec's), so this
 * test holds them to the official schema files and conformance examples kept in ../shared.
 */
const ORACLE = oraclePath('cdevents');
const ORACLE_DIRS: Record<CdEventsSpecLine, string> = {
  '0.4': path.join(ORACLE, 'v0.4.1'),
  '0.5': ORACLE,
};
const oracle = oracleSuite(
  'Runway CDEvents schemas against the official spec files',
  Object.values(ORACLE_DIRS).flatMap(dir => [
    path.join(dir, 'schemas'),
    path.join(dir, 'conformance'),
  ]),
);

type Json = any;

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function officialValidator(line: CdEventsSpecLine, kind: CdEventKind) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const linksDir = path.join(ORACLE_DIRS[line], 'schemas', 'links');
  for (const file of fs.readdirSync(linksDir)) {
    ajv.addSchema(readJson(path.join(linksDir, file)));
  }
  return ajv.compile(
    readJson(
      path.join(ORACLE_DIRS[line], 'schemas', `${kind.replace('.', '')}.json`),
    ),
  );
}

function example(line: CdEventsSpecLine, kind: CdEventKind): Json {
  return readJson(
    path.join(
      ORACLE_DIRS[line],
      'conformance',
      `${kind.replace('.', '_')}.json`,
    ),
  );
}

/** Each mutation breaks one rule of the spec: missing required field, wrong type, wrong format... */
function mutations(
  line: CdEventsSpecLine,
  officialSchema: Json,
): Array<[string, (event: Json) => void]> {
  const versionField = line === '0.4' ? 'version' : 'specversion';
  const requiredContent: string[] =
    officialSchema.properties.subject.properties.content.required ?? [];
  const list: Array<[string, (event: Json) => void]> = [
    ['no context.timestamp', e => delete e.context.timestamp],
    [
      'context.timestamp not a date-time',
      e => (e.context.timestamp = 'yesterday'),
    ],
    [
      'context.timestamp without offset',
      e => (e.context.timestamp = '2024-01-01T10:00:00'),
    ],
    ['context.id a number', e => (e.context.id = 42)],
    ['context.id empty', e => (e.context.id = '')],
    [`no context.${versionField}`, e => delete e.context[versionField]],
    ['no context.source', e => delete e.context.source],
    [
      'context.source not a URI reference',
      e => (e.context.source = 'not a uri ref'),
    ],
    ['unknown context field', e => (e.context.extra = 'x')],
    [
      'context.type of another event',
      e => (e.context.type = 'dev.cdevents.artifact.packaged.0.3.0'),
    ],
    ['context.links not an array', e => (e.context.links = {})],
    ['PATH link without from', e => (e.context.links = [{ linkType: 'PATH' }])],
    [
      'link of unknown type',
      e => (e.context.links = [{ linkType: 'SIDEWAYS' }]),
    ],
    ['no subject.id', e => delete e.subject.id],
    ['subject.id a number', e => (e.subject.id = 7)],
    ['subject.content a string', e => (e.subject.content = 'x')],
    ['no subject.content', e => delete e.subject.content],
    ['unknown content field', e => (e.subject.content.extra = 1)],
    ['unknown top-level field', e => (e.extra = true)],
    ['customData a number', e => (e.customData = 3)],
    ...requiredContent.map((field): [string, (event: Json) => void] => [
      `no subject.content.${field}`,
      e => delete e.subject.content[field],
    ]),
  ];
  if (line === '0.4') {
    list.push(['no subject.type', e => delete e.subject.type]);
    list.push([
      'subject.type of another subject',
      e => (e.subject.type = 'artifact'),
    ]);
  } else {
    list.push([
      'subject.type is not in 0.5',
      e => (e.subject.type = 'service'),
    ]);
  }
  const content = officialSchema.properties.subject.properties.content;
  if (content.properties.environment) {
    list.push([
      'environment.id a number',
      e => (e.subject.content.environment = { id: 1 }),
    ]);
  }
  if (content.properties.uri) {
    list.push([
      'uri not a URI',
      e => (e.subject.content.uri = 'no scheme here'),
    ]);
  }
  if (content.properties.ticketURI) {
    list.push(['ticketURI empty', e => (e.subject.content.ticketURI = '')]);
  }
  if (content.properties.outcome?.enum) {
    list.push([
      'outcome not in enum',
      e => (e.subject.content.outcome = 'meh'),
    ]);
  }
  return list;
}

oracle.describe(
  'Runway CDEvents schemas against the official spec files',
  () => {
    const ours = new CdEventsValidator();

    // The suite's body runs even when skipped: it reads the files only when they are there.
    if (!oracle.present) {
      // Jest refuses a file without tests; this one stands for the suite's comparisons.
      it.todo('compares each kind of both spec lines with the official files');
      return;
    }
    describe.each(CDEVENTS_SPEC_LINES)('spec %s', line => {
      describe.each(CDEVENT_KINDS)('%s', kind => {
        const official = officialValidator(line, kind);
        const officialSchema = readJson(
          path.join(
            ORACLE_DIRS[line],
            'schemas',
            `${kind.replace('.', '')}.json`,
          ),
        );
        const conformance = example(line, kind);

        it('accepts the conformance example, like the official schema', () => {
          expect(official(conformance)).toBe(true);
          expect(ours.validate(conformance.context.type, conformance)).toEqual(
            [],
          );
          const result = mapCdEvents(conformance);
          expect(result.errors).toEqual([]);
          expect(
            result.events.length +
              result.changes.length +
              result.ignored.length,
          ).toBe(1);
        });

        it.each(mutations(line, officialSchema))(
          'rejects a mutated example (%s), like the official schema',
          (_name, mutate) => {
            const mutated = structuredClone(conformance);
            mutate(mutated);
            expect(official(mutated)).toBe(false);
            expect(
              ours.validate(conformance.context.type, mutated),
            ).not.toEqual([]);
            const result = mapCdEvents(mutated);
            expect(result.events).toEqual([]);
            expect(result.changes).toEqual([]);
            expect(
              result.errors.length + result.ignored.length,
            ).toBeGreaterThan(0);
          },
        );
      });
    });
  },
);
