import { asArray, isObject, parseYamlDocuments } from './parse';
import { CheckResult, RepositoryFiles } from './types';

const REQUIRED_KINDS = [
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'ServiceMonitor',
];

/** Kubernetes manifests under deploy/ (Kustomize) or charts/ (Helm templates are not rendered). */
export function checkKubernetesManifests(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'kubernetes',
    title:
      'Kubernetes: Deployment with probes and limits, Service, HPA, PodDisruptionBudget, ServiceMonitor',
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
      if (typeof document.kind !== 'string') {
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
