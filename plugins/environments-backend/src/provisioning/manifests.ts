import { parseEntityRef } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import { ProvisionTarget } from './types';

/** The files of one environment, by path relative to its folder. */
export type ManifestFiles = Record<string, string>;

const LABEL_PREFIX = 'runway.dev';

/**
 * The manifests GitOps tooling (Argo CD, Flux) applies for an environment: its namespace,
 * a ResourceQuota of its size, and the values the service's deployment chart is rendered with.
 */
export function renderManifests(
  target: ProvisionTarget,
  url: string,
): ManifestFiles {
  const service = parseEntityRef(target.entityRef).name;
  const labels = {
    [`${LABEL_PREFIX}/environment`]: target.name,
    [`${LABEL_PREFIX}/environment-type`]: target.type,
    [`${LABEL_PREFIX}/service`]: service,
  };
  const annotations = {
    [`${LABEL_PREFIX}/environment-id`]: target.id,
    [`${LABEL_PREFIX}/entity-ref`]: target.entityRef,
    [`${LABEL_PREFIX}/owner`]: target.ownerRef,
    [`${LABEL_PREFIX}/requested-by`]: target.requestedBy,
  };
  return {
    'namespace.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: target.name, labels, annotations },
    }),
    'resourcequota.yaml': stringify({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'environment-quota', namespace: target.name, labels },
      spec: {
        hard: {
          'limits.cpu': target.size.cpu,
          'limits.memory': target.size.memory,
          'requests.cpu': target.size.cpu,
          'requests.memory': target.size.memory,
        },
      },
    }),
    'values.yaml': stringify({
      service,
      environment: {
        name: target.name,
        type: target.type,
        size: target.size.name,
        url,
      },
      image: {
        tag: target.version ?? target.branch ?? 'latest',
      },
      source: target.version
        ? { version: target.version }
        : { branch: target.branch ?? null },
      ingress: { host: new URL(url).host },
    }),
  };
}

/** The environment's URL from the configured template. */
export function environmentUrl(template: string, name: string): string {
  return template.split('{name}').join(name);
}
