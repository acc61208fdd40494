/*
 * Validates the demo catalog under examples/ (Runway Demo Co.).
 *
 * The files are loaded the way the catalog loads a `file` location: YAML
 * documents parsed with the `yaml` package, Location targets resolved relative
 * to the file that declares them. Every entity then goes through the same
 * entity policies and kind validators the catalog backend applies, and every
 * reference the catalog turns into a relation must point at an entity that
 * exists in the demo catalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  makeValidator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
const ROOT_LOCATION = path.join(EXAMPLES_DIR, 'all.yaml');

type LoadedEntity = { entity: Entity; file: string };

/** Mirrors parseEntityYaml from @backstage/plugin-catalog-node. */
function readEntities(file: string): Entity[] {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).filter(
    d => d,
  );
  const entities: Entity[] = [];
  for (const document of documents) {
    if (document.errors?.length) {
      throw new Error(`YAML error in ${file}: ${document.errors[0]}`);
    }
    const json = document.toJSON();
    if (json === null) continue;
    if (typeof json !== 'object' || Array.isArray(json)) {
      throw new Error(
        `Expected an object at the root of a document in ${file}`,
      );
    }
    entities.push(json as Entity);
  }
  return entities;
}

/** Loads every entity reachable from examples/all.yaml. */
function loadDemoCatalog(): { entities: LoadedEntity[]; files: string[] } {
  const entities: LoadedEntity[] = [];
  const files: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    if (!fs.existsSync(file)) {
      throw new Error(`Location target does not exist: ${file}`);
    }
    files.push(file);
    for (const entity of readEntities(file)) {
      entities.push({ entity, file });
      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as {
          type?: string;
          target?: string;
          targets?: string[];
        };
        const targets = [
          ...(spec.target ? [spec.target] : []),
          ...(spec.targets ?? []),
        ];
        if ((spec.type ?? 'file') !== 'file') {
          throw new Error(`${file}: demo locations must be of type file`);
        }
        for (const target of targets) {
          visit(path.resolve(path.dirname(file), target));
        }
      }
    }
  };
  visit(ROOT_LOCATION);
  return { entities, files };
}

// The policies CatalogBuilder.buildEntityPolicy() applies by default.
const entityPolicy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);

// The validators BuiltinKindsEntityProcessor applies.
const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];

// The spec fields BuiltinKindsEntityProcessor turns into relations, with the
// default kind it uses when a reference omits one.
const REFERENCE_FIELDS: Record<
  string,
  Array<{ field: string; defaultKind?: string }>
> = {
  Component: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'subcomponentOf', defaultKind: 'Component' },
    { field: 'providesApis', defaultKind: 'API' },
    { field: 'consumesApis', defaultKind: 'API' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
    { field: 'system', defaultKind: 'System' },
  ],
  API: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
  ],
  Resource: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
    { field: 'system', defaultKind: 'System' },
  ],
  User: [{ field: 'memberOf', defaultKind: 'Group' }],
  Group: [
    { field: 'parent', defaultKind: 'Group' },
    { field: 'children', defaultKind: 'Group' },
    { field: 'members', defaultKind: 'User' },
  ],
  System: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'domain', defaultKind: 'Domain' },
  ],
  Domain: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'subdomainOf', defaultKind: 'Domain' },
  ],
};

const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');

/** Resolves spec[field] of an entity to lower-cased entity refs. */
function references(entity: Entity, field: string): string[] {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const value = spec[field];
  if (value === undefined || value === null) return [];
  const values = Array.isArray(value) ? value : [value];
  const kindDef = REFERENCE_FIELDS[entity.kind]?.find(f => f.field === field);
  return values.map(v =>
    stringifyEntityRef(
      parseEntityRef(String(v), {
        defaultKind: kindDef?.defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US'),
  );
}

/** Structural checks of an inline API definition; returns what is wrong. */
function definitionProblems(type: string, definition: unknown): string[] {
  if (typeof definition !== 'string') return ['definition is not a string'];
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  switch (type) {
    case 'openapi': {
      const doc = parse(definition);
      check(/^3\./.test(String(doc?.openapi)), 'openapi version is not 3.x');
      check(typeof doc?.info?.title === 'string', 'info.title missing');
      check(Object.keys(doc?.paths ?? {}).length > 0, 'no paths');
      break;
    }
    case 'asyncapi': {
      const doc = parse(definition);
      check(/^2\./.test(String(doc?.asyncapi)), 'asyncapi version is not 2.x');
      check(typeof doc?.info?.title === 'string', 'info.title missing');
      check(Object.keys(doc?.channels ?? {}).length > 0, 'no channels');
      break;
    }
    case 'graphql':
      check(/\btype Query\b/.test(definition), 'no Query type');
      break;
    default:
      problems.push('unexpected API type');
  }
  return problems;
}

describe('demo catalog (examples/)', () => {
  const { entities: loaded, files } = loadDemoCatalog();
  const entities = loaded.map(l => l.entity);
  const byRef = new Map(entities.map(e => [refOf(e), e]));
  const ofKind = (kind: string) => entities.filter(e => e.kind === kind);
  const fileOf = (e: Entity) => loaded.find(l => l.entity === e)!.file;

  const teams = ofKind('Group').filter(g => g.spec?.type === 'team');
  const components = ofKind('Component').filter(c =>
    ['service', 'website'].includes(String(c.spec?.type)),
  );

  it('loads every file listed (transitively) in examples/all.yaml', () => {
    expect(files.length).toBeGreaterThan(1);
    expect(entities.length).toBeGreaterThan(files.length);
  });

  it('lists every services/*/catalog-info.yaml in examples/all.yaml', () => {
    const servicesDir = path.join(EXAMPLES_DIR, 'services');
    const onDisk = fs
      .readdirSync(servicesDir)
      .map(d => path.join(servicesDir, d, 'catalog-info.yaml'))
      .filter(f => fs.existsSync(f));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.filter(f => !files.includes(f))).toEqual([]);
  });

  it('passes the catalog entity policies and kind validators', async () => {
    const problems: string[] = [];
    for (const { entity, file } of loaded) {
      const where = `${path.relative(EXAMPLES_DIR, file)} ${entity.kind}:${
        entity.metadata?.name
      }`;
      try {
        const enforced = await entityPolicy.enforce(entity);
        if (!enforced) throw new Error('rejected by entity policy');
        const results = await Promise.all(
          kindValidators.map(v => v.check(enforced)),
        );
        if (results.filter(Boolean).length !== 1) {
          throw new Error(
            `no kind validator accepts ${enforced.apiVersion} ${enforced.kind}`,
          );
        }
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no duplicate entities', () => {
    const refs = entities.map(refOf);
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  });

  it('uses no $text/$json/$yaml placeholders (file locations cannot resolve them)', () => {
    const placeholders: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k.startsWith('$')) placeholders.push(`${at}.${k}`);
          walk(v, `${at}.${k}`);
        }
      }
    };
    entities.forEach(e => walk(e, refOf(e)));
    expect(placeholders).toEqual([]);
  });

  it('only references entities that exist in the demo catalog', () => {
    const problems: string[] = [];
    for (const entity of entities) {
      for (const { field } of REFERENCE_FIELDS[entity.kind] ?? []) {
        let refs: string[];
        try {
          refs = references(entity, field);
        } catch (e) {
          problems.push(
            `${refOf(entity)} spec.${field}: ${(e as Error).message}`,
          );
          continue;
        }
        for (const ref of refs) {
          if (!byRef.has(ref)) {
            problems.push(`${refOf(entity)} spec.${field} -> ${ref} (missing)`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps both ends of declared relations consistent', () => {
    const problems: string[] = [];
    for (const group of ofKind('Group')) {
      for (const parent of references(group, 'parent')) {
        if (
          !references(byRef.get(parent)!, 'children').includes(refOf(group))
        ) {
          problems.push(`${parent} does not list child ${refOf(group)}`);
        }
      }
      for (const child of references(group, 'children')) {
        if (!references(byRef.get(child)!, 'parent').includes(refOf(group))) {
          problems.push(`${child} does not name parent ${refOf(group)}`);
        }
      }
    }
    for (const entity of entities) {
      if (
        !REFERENCE_FIELDS[entity.kind]?.some(f => f.field === 'dependencyOf')
      ) {
        continue;
      }
      for (const dependent of references(entity, 'dependencyOf')) {
        const other = byRef.get(dependent);
        if (other && !references(other, 'dependsOn').includes(refOf(entity))) {
          problems.push(`${dependent} does not dependOn ${refOf(entity)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe('organisation', () => {
    const membersOf = (group: Entity) =>
      ofKind('User').filter(u =>
        references(u, 'memberOf').includes(refOf(group)),
      );

    it('has at least 3 team groups, each with members, e-mail and chat', () => {
      expect(teams.length).toBeGreaterThanOrEqual(3);
      for (const team of teams) {
        const annotations = team.metadata.annotations ?? {};
        expect({
          team: team.metadata.name,
          hasMembers: membersOf(team).length >= 1,
          parent: team.spec?.parent,
          displayName: typeof (team.spec?.profile as any)?.displayName,
          email: (team.spec?.profile as any)?.email,
          chatChannel: annotations['runway.dev/chat-channel'],
          chatUrl: annotations['runway.dev/chat-url'],
        }).toEqual({
          team: team.metadata.name,
          hasMembers: true,
          parent: 'engineering',
          displayName: 'string',
          email: expect.stringMatching(/@runway-demo\.example$/),
          chatChannel: expect.stringMatching(/^#[a-z0-9-]+$/),
          chatUrl: expect.stringMatching(/^https:\/\/[^/]+\.example\//),
        });
      }
    });

    it('gives at least two teams an on-call annotation', () => {
      const onCall = teams.filter(t => {
        const a = t.metadata.annotations ?? {};
        return a['pagerduty.com/service-id'] || a['opsgenie.com/team'];
      });
      expect(onCall.length).toBeGreaterThanOrEqual(2);
    });

    it('has the guest user that guest sign-in resolves to', () => {
      const guest = byRef.get('user:default/guest');
      expect(guest).toBeDefined();
      const teamRefs = teams.map(refOf);
      expect(
        references(guest!, 'memberOf').some(g => teamRefs.includes(g)),
      ).toBe(true);
    });

    it('gives every user a display name and a runway-demo.example e-mail', () => {
      const users = ofKind('User');
      expect(users.length).toBeGreaterThanOrEqual(teams.length * 3);
      for (const user of users) {
        const profile = (user.spec?.profile ?? {}) as Record<string, unknown>;
        expect([user.metadata.name, typeof profile.displayName]).toEqual([
          user.metadata.name,
          'string',
        ]);
        expect(profile.email).toMatch(/@runway-demo\.example$/);
      }
    });
  });

  describe('software', () => {
    it('has at least 2 systems, 3 APIs and 3 resources', () => {
      expect(ofKind('System').length).toBeGreaterThanOrEqual(2);
      expect(ofKind('API').length).toBeGreaterThanOrEqual(3);
      expect(ofKind('Resource').length).toBeGreaterThanOrEqual(3);
    });

    it('has at least 8 service/website components owned by at least 3 teams', () => {
      expect(components.length).toBeGreaterThanOrEqual(8);
      const owners = new Set(components.map(c => references(c, 'owner')[0]));
      expect(owners.size).toBeGreaterThanOrEqual(3);
      const teamRefs = teams.map(refOf);
      expect([...owners].filter(o => !teamRefs.includes(o))).toEqual([]);
    });

    it('gives every component lifecycle, system, repository and docs', () => {
      for (const component of components) {
        const name = component.metadata.name;
        const annotations = component.metadata.annotations ?? {};
        expect({
          name,
          lifecycle: typeof component.spec?.lifecycle,
          system: typeof component.spec?.system,
          description: typeof component.metadata.description,
          slug: annotations['github.com/project-slug'],
          techdocs: annotations['backstage.io/techdocs-ref'],
        }).toEqual({
          name,
          lifecycle: 'string',
          system: 'string',
          description: 'string',
          slug: `runway-demo/${name}`,
          techdocs: expect.stringMatching(/^dir:/),
        });
      }
    });

    it('does not point backstage.io/source-location away from local docs', () => {
      // TechDocs resolves `dir:` against backstage.io/source-location when it
      // is set, so a remote source location would make the local docs unbuildable.
      const offenders = components
        .filter(c =>
          c.metadata.annotations?.['backstage.io/techdocs-ref']?.startsWith(
            'dir:',
          ),
        )
        .filter(c => c.metadata.annotations?.['backstage.io/source-location'])
        .map(c => c.metadata.name);
      expect(offenders).toEqual([]);
    });

    it('has a buildable MkDocs site for every component', () => {
      for (const component of components) {
        const ref = component.metadata.annotations![
          'backstage.io/techdocs-ref'
        ].replace(/^dir:/, '');
        const siteDir = path.resolve(path.dirname(fileOf(component)), ref);
        const mkdocsFile = path.join(siteDir, 'mkdocs.yml');
        expect(fs.existsSync(mkdocsFile)).toBe(true);
        const mkdocs = parse(fs.readFileSync(mkdocsFile, 'utf8'));
        expect(typeof mkdocs.site_name).toBe('string');
        // Only plugins that ship with plain MkDocs (Debian's `mkdocs` package)
        // and pass TechDocs' plugin allow-list.
        expect(
          (mkdocs.plugins ?? []).filter((p: unknown) => p !== 'search'),
        ).toEqual([]);
        const docsDir = path.join(siteDir, mkdocs.docs_dir ?? 'docs');
        expect(fs.existsSync(path.join(docsDir, 'index.md'))).toBe(true);
        const navFiles: string[] = [];
        const walkNav = (nav: unknown) => {
          if (typeof nav === 'string') navFiles.push(nav);
          else if (Array.isArray(nav)) nav.forEach(walkNav);
          else if (nav && typeof nav === 'object')
            Object.values(nav).forEach(walkNav);
        };
        walkNav(mkdocs.nav);
        for (const page of navFiles.filter(p => !/^https?:/.test(p))) {
          expect(`${page}: ${fs.existsSync(path.join(docsDir, page))}`).toBe(
            `${page}: true`,
          );
        }
      }
    });

    it('gives every API an inline definition of its declared type', () => {
      const problems: string[] = [];
      for (const api of ofKind('API')) {
        const { type, definition } = api.spec as {
          type: string;
          definition: unknown;
        };
        problems.push(
          ...definitionProblems(type, definition).map(
            p => `${api.metadata.name} (${type}): ${p}`,
          ),
        );
      }
      expect(problems).toEqual([]);
    });
  });
});
