import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '../annotations';
import { isObject, parseYamlDocuments } from './parse';
import { CheckResult, RepositoryFiles } from './types';

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** catalog-info.yaml: a valid Component with everything Runway's pages and drift check read. */
export async function checkCatalogEntity(
  files: RepositoryFiles,
): Promise<CheckResult> {
  const result: CheckResult = {
    id: 'catalog-entity',
    title:
      'catalog-info.yaml: valid Component with owner, system, lifecycle, repository, TechDocs and template annotations',
    problems: [],
  };
  const text = files.read('catalog-info.yaml');
  if (text === undefined) {
    result.problems.push('catalog-info.yaml is missing');
    return result;
  }
  const parsed = parseYamlDocuments(text);
  if ('error' in parsed) {
    result.problems.push(`catalog-info.yaml does not parse: ${parsed.error}`);
    return result;
  }
  const entity = parsed.documents.find(
    (document): document is Entity =>
      isObject(document) && document.kind === 'Component',
  );
  if (!entity) {
    result.problems.push('catalog-info.yaml holds no Component entity');
    return result;
  }
  try {
    await entityPolicy.enforce(entity);
    if (!(await componentEntityV1alpha1Validator.check(entity))) {
      result.problems.push(
        'catalog-info.yaml: not a backstage.io/v1alpha1 Component',
      );
    }
  } catch (error) {
    result.problems.push(
      `catalog-info.yaml is not a valid entity: ${(error as Error).message}`,
    );
    return result;
  }
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  for (const field of ['owner', 'system', 'lifecycle']) {
    if (!spec[field]) {
      result.problems.push(`catalog-info.yaml: spec.${field} is not set`);
    }
  }
  const annotations = entity.metadata.annotations ?? {};
  if (
    !annotations['github.com/project-slug'] &&
    !annotations['gitlab.com/project-slug']
  ) {
    result.problems.push(
      'catalog-info.yaml: no github.com/project-slug or gitlab.com/project-slug annotation (Runway maps CI events to the service through it)',
    );
  }
  for (const annotation of [
    'backstage.io/techdocs-ref',
    TEMPLATE_ANNOTATION,
    TEMPLATE_VERSION_ANNOTATION,
  ]) {
    if (!annotations[annotation]) {
      result.problems.push(
        `catalog-info.yaml: annotation ${annotation} is missing`,
      );
    }
  }
  return result;
}

export function checkDocs(files: RepositoryFiles): CheckResult {
  const problems: string[] = [];
  if (files.read('mkdocs.yml') === undefined) {
    problems.push('mkdocs.yml is missing (TechDocs cannot build)');
  }
  if (files.read('docs/index.md') === undefined) {
    problems.push('docs/index.md is missing');
  }
  return {
    id: 'techdocs',
    title: 'TechDocs: mkdocs.yml and docs/index.md',
    problems,
  };
}

/** Where GitHub looks for a security policy. */
const SECURITY_POLICY_LOCATIONS = [
  'SECURITY.md',
  '.github/SECURITY.md',
  'docs/SECURITY.md',
];

const CODEOWNERS_LOCATIONS = [
  'CODEOWNERS',
  '.github/CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
];

export function checkRepositoryPolicies(files: RepositoryFiles): CheckResult {
  const problems: string[] = [];
  if (
    !SECURITY_POLICY_LOCATIONS.some(
      location => files.read(location) !== undefined,
    )
  ) {
    problems.push(
      `SECURITY.md is missing (looked in ${SECURITY_POLICY_LOCATIONS.join(
        ', ',
      )})`,
    );
  }
  if (
    !CODEOWNERS_LOCATIONS.some(location => files.read(location) !== undefined)
  ) {
    problems.push(
      `CODEOWNERS is missing (looked in ${CODEOWNERS_LOCATIONS.join(', ')})`,
    );
  }
  return {
    id: 'repository-policies',
    title: 'SECURITY.md and CODEOWNERS',
    problems,
  };
}
