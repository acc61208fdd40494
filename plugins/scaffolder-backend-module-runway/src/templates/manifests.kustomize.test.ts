import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify, parse } from 'yaml';
import { writeFiles, renderTemplate } from '../__testUtils__/dryRunTemplate';
import {
  KubernetesObject,
  kubernetesSyntaxProblems,
  kustomizeBuild,
  selectorOf,
  validateManifest,
} from '../__testUtils__/kubernetes';
import { findPromtool, runPromtool } from '../__testUtils__/validators';

/**
 * The Kubernetes side of the golden path as `kubectl apply -k` sees it: the rendered repository
 * is built with kubectl's kustomize (base and both overlays) and every object checked, for
 * entity and repository names that are not plain lower-case words. The service name itself is
 * restricted to lower-case by the form's pattern, so the variety is in system, owner and repo.
 */

const NAME = 'invoice-api';
const ENVIRONMENTS = ['staging', 'production'] as const;

const VARIANTS = [
  {
    id: 'plain system ref',
    system: 'system:default/payments-platform',
    repoUrl: 'github.com?owner=runway-demo&repo=invoice-api',
    ci: 'github-actions',
    tier: 'tier-1',
    lifecycle: 'production',
    registry: 'ghcr.io/runway-demo/invoice-api',
  },
  {
    id: 'dots and capitals in the system, upper-case owner',
    system: 'system:default/Payments.Platform',
    repoUrl: 'github.com?owner=Runway-Demo&repo=Invoice-API',
    ci: 'github-actions',
    tier: 'tier-3',
    lifecycle: 'experimental',
    registry: 'ghcr.io/runway-demo/invoice-api',
  },
  {
    id: 'GitLab, upper-case group',
    system: 'system:other-namespace/Billing_Core',
    repoUrl: 'gitlab.com?owner=Runway-Demo&repo=invoice-api',
    ci: 'gitlab-ci',
    tier: 'tier-2',
    lifecycle: 'production',
    registry: 'registry.gitlab.com/runway-demo/invoice-api',
  },
];

const TEMPLATES: { templateName: string; extra?: Record<string, string> }[] = [
  { templateName: 'typescript-service' },
  { templateName: 'python-service' },
  { templateName: 'go-service' },
  {
    templateName: 'retrofit',
    extra: { language: 'typescript', existingFiles: 'replace' },
  },
];

type Target = 'base' | (typeof ENVIRONMENTS)[number];
type Built = {
  variant: (typeof VARIANTS)[number];
  files: Map<string, string>;
  objects: Record<Target, KubernetesObject[]>;
};

const byKind = (objects: KubernetesObject[], kind: string) =>
  objects.filter(object => object.kind === kind);

describe.each(TEMPLATES)(
  '$templateName: Kubernetes manifests through kubectl kustomize',
  ({ templateName, extra }) => {
    const built: Built[] = [];
    const dirs: string[] = [];

    beforeAll(async () => {
      for (const variant of VARIANTS) {
        const result = await renderTemplate({
          templateName,
          values: {
            name: NAME,
            description: 'Issues and tracks customer invoices.',
            owner: 'group:default/team-payments',
            system: variant.system,
            lifecycle: variant.lifecycle,
            tier: variant.tier,
            ci: variant.ci,
            repoUrl: variant.repoUrl,
            ...extra,
          },
        });
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-k8s-'));
        dirs.push(dir);
        await writeFiles(dir, result.files);
        built.push({
          variant,
          files: result.files,
          objects: {
            base: await kustomizeBuild(path.join(dir, 'deploy/base')),
            staging: await kustomizeBuild(
              path.join(dir, 'deploy/overlays/staging'),
            ),
            production: await kustomizeBuild(
              path.join(dir, 'deploy/overlays/production'),
            ),
          },
        });
      }
    }, 600_000);

    afterAll(async () => {
      for (const dir of dirs) {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    const everyBuild = () =>
      built.flatMap(build =>
        (['base', ...ENVIRONMENTS] as Target[]).map(target => ({
          ...build,
          target,
          list: build.objects[target],
        })),
      );

    it('builds base and both overlays into the objects a service needs', () => {
      expect(built).toHaveLength(VARIANTS.length);
      for (const { objects } of built) {
        for (const environment of ENVIRONMENTS) {
          expect(
            [...new Set(objects[environment].map(o => o.kind))].sort(),
          ).toEqual([
            'ConfigMap',
            'Deployment',
            'HorizontalPodAutoscaler',
            'Namespace',
            'NetworkPolicy',
            'PodDisruptionBudget',
            'PrometheusRule',
            'Service',
            'ServiceMonitor',
          ]);
        }
      }
    });

    it('validates every object against the Kubernetes and Prometheus Operator schemas', () => {
      for (const { list, target, variant } of everyBuild()) {
        for (const object of list) {
          expect({
            where: `${variant.id} ${target} ${object.kind}`,
            error: (() => {
              try {
                validateManifest(object);
                return undefined;
              } catch (error) {
                return String(error);
              }
            })(),
          }).toEqual({
            where: `${variant.id} ${target} ${object.kind}`,
            error: undefined,
          });
        }
      }
    });

    it('uses valid names and labels, and every selector selects its pods or Service', () => {
      for (const { list, target, variant } of everyBuild()) {
        expect({
          where: `${variant.id} ${target}`,
          problems: kubernetesSyntaxProblems(list),
        }).toEqual({ where: `${variant.id} ${target}`, problems: [] });
      }
    });

    it('keeps selectors (immutable once applied) the same in both overlays and for any system, owner, tier or repository', () => {
      const selectors = new Map<string, string>();
      for (const { list, variant } of everyBuild().filter(
        b => b.target !== 'base',
      )) {
        for (const object of list) {
          const selector = selectorOf(object);
          if (!selector) {
            continue;
          }
          const key = `${object.kind}/${object.metadata.name}`;
          const value = JSON.stringify(selector);
          if (!selectors.has(key)) {
            selectors.set(key, value);
          }
          expect({ key, variant: variant.id, selector: value }).toEqual({
            key,
            variant: variant.id,
            selector: selectors.get(key),
          });
        }
      }
      // A Deployment's selector is the one that cannot change: it names the service only.
      expect(selectors.get(`Deployment/${NAME}`)).toBe(
        JSON.stringify({ 'app.kubernetes.io/name': NAME }),
      );
    });

    it('creates the namespace of each overlay, enforcing the restricted Pod Security Standard, and puts every object in it', () => {
      for (const { objects } of built) {
        for (const environment of ENVIRONMENTS) {
          const namespaces = byKind(objects[environment], 'Namespace');
          expect(namespaces.map(n => n.metadata.name)).toEqual([
            `${NAME}-${environment}`,
          ]);
          expect(namespaces[0].metadata.labels).toMatchObject({
            'pod-security.kubernetes.io/enforce': 'restricted',
          });
          for (const object of objects[environment].filter(
            o => o.kind !== 'Namespace',
          )) {
            expect(`${object.kind} in ${object.metadata.namespace}`).toBe(
              `${object.kind} in ${NAME}-${environment}`,
            );
          }
        }
      }
    });

    it('runs pods that meet the restricted profile, pulling the lower-case image with the registry-pull secret', () => {
      for (const { objects, variant } of built) {
        for (const environment of ENVIRONMENTS) {
          const [deployment] = byKind(objects[environment], 'Deployment');
          const pod = deployment.spec.template.spec;
          expect(pod.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
          expect(pod.securityContext).toMatchObject({
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          });
          for (const container of pod.containers) {
            expect(container.image).toBe(variant.registry);
            expect(container.securityContext).toMatchObject({
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            });
          }
        }
      }
    });

    it('admits traffic to the pods on the http port only, and leaves egress open', () => {
      for (const { objects } of built) {
        for (const environment of ENVIRONMENTS) {
          const [policy] = byKind(objects[environment], 'NetworkPolicy');
          expect(policy.spec.policyTypes).toEqual(['Ingress']);
          const [deployment] = byKind(objects[environment], 'Deployment');
          const httpPort =
            deployment.spec.template.spec.containers[0].ports.find(
              (port: { name: string }) => port.name === 'http',
            );
          expect(httpPort).toBeDefined();
          for (const rule of policy.spec.ingress) {
            expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
          }
        }
      }
    });

    it('labels the ServiceMonitor and PrometheusRule for the kube-prometheus-stack default selectors', () => {
      for (const { objects } of built) {
        for (const environment of ENVIRONMENTS) {
          for (const kind of ['ServiceMonitor', 'PrometheusRule']) {
            for (const object of byKind(objects[environment], kind)) {
              expect(object.metadata.labels?.release).toBe(
                'kube-prometheus-stack',
              );
            }
          }
        }
      }
    });

    it('ships one PrometheusRule per overlay: valid for promtool, its own namespace only, paging in production only', async () => {
      const promtool = await findPromtool();
      if (!promtool) {
        throw new Error(
          'promtool is not installed: apt-get install prometheus (Debian) provides it',
        );
      }
      const [{ objects }] = built;
      for (const environment of ENVIRONMENTS) {
        const rules = byKind(objects[environment], 'PrometheusRule');
        expect(rules).toHaveLength(1);
        const spec = rules[0].spec;
        const file = path.join(dirs[0], `rules-${environment}.yaml`);
        await fs.writeFile(file, stringify(spec));
        const check = await runPromtool(promtool, file);
        expect(check.output).toMatch(/SUCCESS: \d+ rules found/);
        expect(check.ok).toBe(true);

        const all = spec.groups.flatMap(
          (group: { rules: unknown[] }) => group.rules,
        ) as {
          expr: string;
          alert?: string;
          labels?: Record<string, string>;
        }[];
        // Every series selector names this environment's namespace, so nothing sums staging
        // and production.
        for (const rule of all) {
          const selectors = rule.expr.match(/\{[^}]*\}/g) ?? [];
          expect(selectors.length).toBeGreaterThan(0);
          for (const selector of selectors) {
            expect(selector).toContain(`namespace="${NAME}-${environment}"`);
          }
        }
        const severities = new Set(
          all.filter(rule => rule.alert).map(rule => rule.labels?.severity),
        );
        // Staging never pages.
        expect([...severities].sort()).toEqual(
          environment === 'production' ? ['page', 'ticket'] : ['ticket'],
        );
      }
    });

    it('ships the Grafana dashboard as a ConfigMap the Grafana sidecar loads, with an environment selector', () => {
      const [{ objects }] = built;
      for (const environment of ENVIRONMENTS) {
        const [configMap] = byKind(objects[environment], 'ConfigMap');
        expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
        const entries = Object.entries(configMap.data ?? {});
        expect(entries.map(([key]) => key)).toEqual([`${NAME}.json`]);
        const dashboard = JSON.parse(entries[0][1]);
        const variable = dashboard.templating.list.find(
          (v: { name: string }) => v.name === 'namespace',
        );
        expect(variable?.query).toContain(`job="${NAME}"`);
        for (const panel of dashboard.panels) {
          for (const target of panel.targets) {
            const selectors: string[] = target.expr.match(/\{[^}]*\}/g) ?? [];
            expect(selectors.length).toBeGreaterThan(0);
            for (const selector of selectors) {
              expect(selector).toContain('namespace="$namespace"');
            }
          }
        }
      }
    });

    it("names the pods in catalog-info.yaml's backstage.io/kubernetes-id, so the Kubernetes tab finds them", () => {
      for (const { files, objects } of built) {
        const entity = parse(files.get('catalog-info.yaml')!);
        const id = entity.metadata.annotations['backstage.io/kubernetes-id'];
        expect(id).toBe(NAME);
        for (const environment of ENVIRONMENTS) {
          const [deployment] = byKind(objects[environment], 'Deployment');
          expect(
            deployment.spec.template.metadata.labels[
              'backstage.io/kubernetes-id'
            ],
          ).toBe(id);
          expect(
            deployment.metadata.labels?.['backstage.io/kubernetes-id'],
          ).toBe(id);
        }
      }
    });
  },
);
