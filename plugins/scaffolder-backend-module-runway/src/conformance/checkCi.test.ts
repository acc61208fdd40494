import { parse, stringify } from 'yaml';
import { renderTemplate } from '../__testUtils__/dryRunTemplate';
import { checkGithubActions, checkGitlabCi } from './checkCi';
import { filesFromMap } from './directoryFiles';

const CI = '.github/workflows/ci.yml';

const values = {
  name: 'payout-scheduler',
  description: 'Schedules payouts to merchants.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'production',
  tier: 'tier-2',
  ci: 'github-actions',
  repoUrl: 'github.com?owner=runway-demo&repo=payout-scheduler',
};

/** The generated repository with one workflow changed through its parsed form. */
function withWorkflow(
  files: Map<string, string>,
  path: string,
  change: (workflow: any) => void,
): Map<string, string> {
  const workflow = parse(files.get(path)!);
  change(workflow);
  return new Map(files).set(path, stringify(workflow));
}

const problems = (files: Map<string, string>) =>
  checkGithubActions(filesFromMap(files)).problems;

describe('checkGithubActions on a generated repository', () => {
  let generated: Map<string, string>;

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'python-service',
      values,
    });
    generated = result.files;
  }, 120_000);

  it('finds nothing to fix in what the golden path generates', () => {
    expect(problems(generated)).toEqual([]);
  });

  it('fails a publishing job that does not wait for the security scans', () => {
    const ungated = withWorkflow(generated, CI, workflow => {
      const publisher = Object.entries<any>(workflow.jobs).find(([, job]) =>
        JSON.stringify(job.steps ?? []).includes('cosign sign'),
      )![1];
      publisher.needs = ['lint-test-build', 'image'];
    });
    expect(problems(ungated)).toEqual([
      expect.stringMatching(
        /ci\.yml: job \S+ publishes the image without waiting for CodeQL or Semgrep, secret scanning \(gitleaks\), Trivy file-system scan/,
      ),
    ]);
  });

  it('fails write tokens that pull requests can reach, and write permissions workflow-wide', () => {
    const leaky = withWorkflow(generated, CI, workflow => {
      workflow.permissions = { contents: 'write' };
      for (const job of Object.values<any>(workflow.jobs)) {
        if (job.permissions?.packages === 'write') {
          delete job.if;
        }
      }
    });
    expect(problems(leaky)).toEqual(
      expect.arrayContaining([
        `${CI}: top-level write permissions (grant them to the jobs that need them)`,
        expect.stringMatching(
          /ci\.yml: job \S+ can run for pull requests with packages, id-token write/,
        ),
      ]),
    );
  });
});

describe('checkGitlabCi on a generated repository', () => {
  let generated: Map<string, string>;
  const PIPELINE = '.gitlab-ci.yml';

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'go-service',
      values: {
        ...values,
        ci: 'gitlab-ci',
        repoUrl: 'gitlab.com?owner=runway-demo&repo=payout-scheduler',
      },
    });
    generated = result.files;
  }, 120_000);

  const gitlabProblems = (files: Map<string, string>) =>
    checkGitlabCi(filesFromMap(files)).problems;

  it('finds nothing to fix in what the golden path generates', () => {
    expect(gitlabProblems(generated)).toEqual([]);
  });

  it('fails deploy jobs that a newer pipeline may interrupt, that may overlap, or that apply unverified images', () => {
    const pipeline = parse(generated.get(PIPELINE)!);
    delete pipeline['.deploy'].interruptible;
    delete pipeline['deploy-production'].resource_group;
    const script: string[] = pipeline['.deploy'].script;
    pipeline['.deploy'].script = script.map(line =>
      line.replace(/cosign verify/g, 'echo skipped'),
    );
    const broken = new Map(generated).set(PIPELINE, stringify(pipeline));
    expect(gitlabProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/deploy job deploy-staging can be interrupted/),
        expect.stringMatching(
          /deploy job deploy-production can be interrupted/,
        ),
        expect.stringMatching(
          /deploy job deploy-production has no resource_group/,
        ),
        expect.stringMatching(
          /deploy job deploy-staging does not verify the image signature/,
        ),
      ]),
    );
    expect(gitlabProblems(broken)).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/deploy-staging has no resource_group/),
      ]),
    );
  });

  it('does not take a comment about cosign for signing', () => {
    const pipeline = parse(generated.get(PIPELINE)!);
    const build = pipeline['build-image'];
    build.script = (build.script as string[]).filter(
      line => !/\b(sign|attest)\b/.test(line),
    );
    const text = `# cosign sign happens elsewhere\n${stringify(pipeline)}`;
    expect(gitlabProblems(new Map(generated).set(PIPELINE, text))).toContain(
      '.gitlab-ci.yml lacks: image signing (cosign)',
    );
  });
});
