import { renderTemplate } from '../__testUtils__/dryRunTemplate';
import { checkKubernetesManifests } from './checkDeploy';
import { filesFromMap } from './directoryFiles';

type Mutation = (files: Map<string, string>) => void;

const edit =
  (path: string, change: (text: string) => string): Mutation =>
  files =>
    files.set(path, change(files.get(path)!));

describe('checkKubernetesManifests', () => {
  let generated: Map<string, string>;

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'go-service',
      values: {
        name: 'ledger-export',
        description: 'Exports ledger entries for accounting.',
        owner: 'group:default/team-payments',
        system: 'system:default/Payments.Platform',
        lifecycle: 'production',
        tier: 'tier-2',
        ci: 'github-actions',
        repoUrl: 'github.com?owner=Runway-Demo&repo=ledger-export',
      },
    });
    generated = result.files;
  }, 120_000);

  it('passes the manifests the golden path generates', () => {
    expect(checkKubernetesManifests(filesFromMap(generated)).problems).toEqual(
      [],
    );
  });

  it.each<[string, Mutation, RegExp]>([
    [
      // The day-one bug: an entity ref as a label value, which kustomize copies everywhere.
      'a system entity ref as the part-of label',
      edit('deploy/base/kustomization.yaml', t =>
        t.replace(/part-of: .*/, 'part-of: system:default/Payments.Platform'),
      ),
      /deploy\/base\/kustomization.yaml: label app.kubernetes.io\/part-of: "system:default\/Payments.Platform" is not a valid Kubernetes label value/,
    ],
    [
      'a label value longer than 63 characters in a manifest',
      edit('deploy/base/service.yaml', t =>
        t.replace(
          /(labels:\n\s+app.kubernetes.io\/name: )ledger-export/,
          `$1${'x'.repeat(64)}`,
        ),
      ),
      /deploy\/base\/service.yaml: label app.kubernetes.io\/name: "x{64}" is not a valid/,
    ],
    [
      'no Namespace',
      files => {
        files.delete('deploy/overlays/staging/namespace.yaml');
        files.delete('deploy/overlays/production/namespace.yaml');
      },
      /no Namespace manifest under deploy\//,
    ],
    [
      'no NetworkPolicy',
      files => files.delete('deploy/base/networkpolicy.yaml'),
      /no NetworkPolicy manifest under deploy\//,
    ],
  ])('fails with %s', (_name, mutate, expected) => {
    const files = new Map(generated);
    mutate(files);
    const problems = checkKubernetesManifests(filesFromMap(files)).problems;
    expect(problems.join('\n')).toMatch(expected);
  });
});
