import { asArray, isObject, parseYamlDocuments } from './parse';
import { CheckResult, RepositoryFiles } from './types';

const REQUIRED_KINDS = [
  'Namespace',
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ServiceMonitor',
];

// A label value: at most 63 characters of [-_.A-Za-z0-9], starting and ending alphanumeric
// (empty allowed). Entity refs such as system:default/x are not.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kubernetes manifests under deploy/ (Kustomize) or charts/ (Helm templates are not rendered). */
export function checkKubernetesManifests(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'kubernetes',
    title:
      'Kubernetes: Namespace, Deployment with probes and limits, Service, HPA, PodDisruptionBudget, NetworkPolicy, ServiceMonitor; valid label values',
    problems: [],
  };
  const kinds = new Set<string>();
  const manifests = files
    .paths()
    .filter(path => /^(deploy|charts)\/.*\.ya?ml$/.test(path));
  for (const path of manifests) {
    const parsed = parseYamlDocuments(files.read(path) ?? '');
    if ('error' in parsed) {
      result.problems.push(`${path} does not parse: ${parsed.error}`);
      continue;
    }
    for (const document of parsed.documents.filter(isObject)) {
      // Helm templates are not rendered: their labels are expressions, not values.
      if (path.startsWith('deploy/')) {
        result.problems.push(...labelValueProblems(path, document));
      }
      if (
        typeof document.kind !== 'string' ||
        document.kind === 'Kustomization'
      ) {
        continue;
      }
      kinds.add(document.kind);
      if (document.kind === 'Deployment') {
        result.problems.push(...checkDeployment(path, document));
      }
    }
  }
  for (const kind of REQUIRED_KINDS) {
    if (!kinds.has(kind)) {
      result.problems.push(`no ${kind} manifest under deploy/`);
    }
  }
  return result;
}

function checkDeployment(
  path: string,
  deployment: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const template = isObject(deployment.spec)
    ? deployment.spec.template
    : undefined;
  const podSpec = isObject(template) ? template.spec : undefined;
  const containers = isObject(podSpec)
    ? asArray(podSpec.containers).filter(isObject)
    : [];
  if (containers.length === 0) {
    problems.push(`${path}: Deployment has no containers`);
  }
  for (const container of containers) {
    const name = String(container.name ?? '?');
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      if (!isObject(container[probe])) {
        problems.push(`${path}: container ${name} has no ${probe}`);
      }
    }
    const limits = isObject(container.resources)
      ? container.resources.limits
      : undefined;
    if (!isObject(limits) || !limits.cpu || !limits.memory) {
      problems.push(`${path}: container ${name} has no cpu and memory limits`);
    }
  }
  return problems;
}

/** The label maps of a manifest, or of a kustomization's label transformers. */
function labelMaps(document: Record<string, unknown>): unknown[] {
  const spec = isObject(document.spec) ? document.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const selector = isObject(spec.selector) ? spec.selector : {};
  return [
    isObject(document.metadata) ? document.metadata.labels : undefined,
    isObject(template.metadata) ? template.metadata.labels : undefined,
    selector.matchLabels,
    document.kind === 'Service' ? spec.selector : undefined,
    document.commonLabels,
    ...asArray(document.labels).map(entry =>
      isObject(entry) ? entry.pairs : undefined,
    ),
  ];
}

/**
 * Label values Kubernetes rejects, in manifests and in kustomizations (which copy them onto
 * every object): one such value makes every `kubectl apply` of the overlay fail.
 */
function labelValueProblems(
  path: string,
  document: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const labels of labelMaps(document).filter(isObject)) {
    for (const [key, value] of Object.entries(labels)) {
      if (
        typeof value === 'string' &&
        (value.length > 63 || !LABEL_VALUE.test(value))
      ) {
        problems.push(
          `${path}: label ${key}: "${value}" is not a valid Kubernetes label value (at most 63 characters of letters, digits, "-", "_", ".", starting and ending with a letter or digit)`,
        );
      }
    }
  }
  return problems;
}
