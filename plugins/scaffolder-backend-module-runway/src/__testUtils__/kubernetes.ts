import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** Validates a manifest against the Kubernetes (and Prometheus Operator) OpenAPI schemas. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

export function validateManifest(manifest: {
  apiVersion?: string;
  kind?: string;
}): void {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const Model = MODELS[key];
  if (!Model) {
    throw new Error(`no schema for ${key}`);
  }
  new Model(manifest).validate();
}

export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  data?: Record<string, string>;
};

const run = promisify(execFile);

/**
 * `kubectl kustomize DIR` (kubectl's built-in kustomize): the objects `kubectl apply -k` would
 * send. Fails with how to install kubectl when it is missing, so a machine without it cannot
 * pass by skipping.
 */
export async function kustomizeBuild(dir: string): Promise<KubernetesObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('kubectl', ['kustomize', dir], {
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const failure = error as { code?: string; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(
        'kubectl is not installed: install it (https://kubernetes.io/docs/tasks/tools/, or apt-get install kubectl from the Kubernetes apt repository); its built-in kustomize builds the overlays',
      );
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${failure.stderr}`);
  }
  return parseAllDocuments(stdout).map(
    document => document.toJS() as KubernetesObject,
  );
}

// Syntax the OpenAPI schemas leave as plain strings (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels (63 characters); all others are subdomains. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

export function labelKeyProblems(key: string): string[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const problems: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      problems.push(`label key ${key}: prefix is not a DNS-1123 subdomain`);
    }
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    problems.push(
      `label key ${key}: name must be at most 63 characters of [-_.A-Za-z0-9], starting and ending alphanumeric`,
    );
  }
  return problems;
}

export function labelValueProblems(key: string, value: unknown): string[] {
  if (typeof value !== 'string') {
    return [`label ${key}: value ${JSON.stringify(value)} is not a string`];
  }
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return [
      `label ${key}=${value}: value must be at most 63 characters of [-_.A-Za-z0-9], starting and ending alphanumeric`,
    ];
  }
  return [];
}

function labelsProblems(where: string, labels: unknown): string[] {
  if (labels === undefined) {
    return [];
  }
  return Object.entries(labels as Record<string, unknown>).flatMap(
    ([key, value]) =>
      [...labelKeyProblems(key), ...labelValueProblems(key, value)].map(
        problem => `${where}: ${problem}`,
      ),
  );
}

function nameProblems(object: KubernetesObject): string[] {
  const { kind } = object;
  const { name, namespace } = object.metadata ?? {};
  const problems: string[] = [];
  const asLabel = LABEL_NAMED_KINDS.has(kind);
  const max = asLabel ? 63 : 253;
  if (
    typeof name !== 'string' ||
    name.length > max ||
    !(asLabel ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(name)
  ) {
    problems.push(
      `${kind} name ${JSON.stringify(name)} is not a DNS-1123 ${
        asLabel ? 'label' : 'subdomain'
      }`,
    );
  }
  if (
    namespace !== undefined &&
    (namespace.length > 63 || !DNS1123_LABEL.test(namespace))
  ) {
    problems.push(
      `${kind} ${name}: namespace ${namespace} is not a DNS-1123 label`,
    );
  }
  return problems;
}

/** The label selector of an object, as matchLabels (the golden path uses no expressions). */
export function selectorOf(
  object: KubernetesObject,
): Record<string, string> | undefined {
  switch (object.kind) {
    case 'Service':
      return object.spec?.selector;
    case 'Deployment':
    case 'PodDisruptionBudget':
    case 'ServiceMonitor':
      return object.spec?.selector?.matchLabels;
    case 'NetworkPolicy':
      return object.spec?.podSelector?.matchLabels;
    default:
      return undefined;
  }
}

function matches(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(
    ([key, value]) => labels?.[key] === value,
  );
}

/**
 * Kubernetes syntax and wiring the schemas do not check, over one `kubectl kustomize` output:
 * names, namespaces, label keys and values (selectors included), and that every selector selects
 * what it is meant to: the Deployment's its pod template, the Service's, PDB's and
 * NetworkPolicy's the pods, the ServiceMonitor's the Service. Returns the problems found.
 */
export function kubernetesSyntaxProblems(
  objects: KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind} ${object.metadata?.name}`;
    problems.push(...nameProblems(object));
    problems.push(
      ...labelsProblems(`${where} metadata.labels`, object.metadata?.labels),
    );
    const selector = selectorOf(object);
    if (selector !== undefined) {
      problems.push(...labelsProblems(`${where} selector`, selector));
      if (Object.keys(selector).length === 0) {
        problems.push(`${where}: empty selector selects everything`);
      }
    }
    if (object.kind === 'Deployment') {
      const podLabels = object.spec?.template?.metadata?.labels;
      problems.push(
        ...labelsProblems(`${where} pod template labels`, podLabels),
      );
      if (!selector || !matches(selector, podLabels)) {
        problems.push(
          `${where}: spec.selector does not match the pod template labels`,
        );
      }
    }
  }
  const podLabelSets = objects
    .filter(object => object.kind === 'Deployment')
    .map(object => object.spec?.template?.metadata?.labels);
  const services = objects.filter(object => object.kind === 'Service');
  for (const object of objects) {
    const selector = selectorOf(object);
    if (!selector || object.kind === 'Deployment') {
      continue;
    }
    const targets =
      object.kind === 'ServiceMonitor'
        ? services.map(service => service.metadata.labels)
        : podLabelSets;
    if (!targets.some(labels => matches(selector, labels))) {
      problems.push(
        `${object.kind} ${object.metadata.name}: selector ${JSON.stringify(
          selector,
        )} selects no ${object.kind === 'ServiceMonitor' ? 'Service' : 'pod'}`,
      );
    }
  }
  return problems;
}
