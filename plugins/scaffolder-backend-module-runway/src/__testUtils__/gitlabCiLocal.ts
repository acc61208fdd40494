import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFiles } from './dryRunTemplate';

const run = promisify(execFile);

/**
 * gitlab-ci-local (npm gitlab-ci-local) reads a project's .gitlab-ci.yml the way GitLab does:
 * includes, extends, rules, needs and GitLab's JSON schema (unknown keys, reserved job names);
 * with --force-shell-executor it runs jobs' scripts on this machine, no Docker engine.
 */
const CLI = path.resolve(
  path.dirname(require.resolve('gitlab-ci-local/package.json')),
  'dist/index.js',
);

/** Where gitlab-ci-local caches `include: template:` files (it fetches them once, from gitlab.com). */
const TEMPLATE_CACHE =
  '.gitlab-ci-local/includes/gitlab.com/gitlab-org/gitlab/-/raw/HEAD/lib/gitlab/ci/templates';

/**
 * Stand-ins for GitLab's security templates, which this machine cannot fetch. They are NOT
 * GitLab's files: each keeps only the structure the generated pipeline relies on, as the real
 * templates define it (gitlab-org/gitlab lib/gitlab/ci/templates/Jobs/): the base jobs `sast`
 * and `dependency_scanning` (rules: never), the hidden analyzer bases `.sast-analyzer`,
 * `.secret-analyzer` and `.ds-analyzer` that the pipeline extends, and one analyzer job each:
 * `semgrep-sast`, `secret_detection`, and `gemnasium-dependency_scanning` (which, as in GitLab,
 * runs only when GITLAB_FEATURES offers dependency_scanning: Ultimate), all in stage test,
 * allowed to fail, uploading their report as artifacts:reports only.
 */
export const SECURITY_TEMPLATE_STAND_INS: Record<string, string> = {
  'Jobs/SAST.gitlab-ci.yml': `
sast:
  stage: test
  artifacts:
    reports:
      sast: gl-sast-report.json
  rules:
    - when: never
  script: ['echo configuration only', 'exit 1']
.sast-analyzer:
  extends: sast
  allow_failure: true
  script: ['/analyzer run']
semgrep-sast:
  extends: .sast-analyzer
  image: { name: 'registry.gitlab.com/security-products/semgrep:5' }
  rules:
    - if: $SAST_DISABLED
      when: never
    - if: $CI_COMMIT_BRANCH
`,
  'Jobs/Secret-Detection.gitlab-ci.yml': `
.secret-analyzer:
  stage: test
  image: { name: 'registry.gitlab.com/security-products/secrets:6' }
  allow_failure: true
  artifacts:
    reports:
      secret_detection: gl-secret-detection-report.json
secret_detection:
  extends: .secret-analyzer
  rules:
    - if: $SECRET_DETECTION_DISABLED
      when: never
    - if: $CI_COMMIT_BRANCH
  script: ['/analyzer run']
`,
  'Jobs/Dependency-Scanning.gitlab-ci.yml': `
dependency_scanning:
  stage: test
  script: ['echo configuration only', 'exit 1']
  artifacts:
    reports:
      dependency_scanning: gl-dependency-scanning-report.json
  dependencies: []
  rules:
    - when: never
.ds-analyzer:
  extends: dependency_scanning
  allow_failure: true
  image: { name: 'registry.gitlab.com/security-products/gemnasium:5' }
  script: ['/analyzer run']
gemnasium-dependency_scanning:
  extends: .ds-analyzer
  rules:
    - if: $DEPENDENCY_SCANNING_DISABLED
      when: never
    - if: $CI_COMMIT_BRANCH && $GITLAB_FEATURES =~ /\\bdependency_scanning\\b/
`,
};

async function git(cwd: string, ...args: string[]) {
  await run('git', args, { cwd });
}

/**
 * A generated repository as gitlab-ci-local needs it: a git repository on main with a gitlab.com
 * remote (gitlab-ci-local derives CI_PROJECT_PATH, CI_SERVER_URL... from it), and the security
 * templates' stand-ins in its include cache.
 */
export async function prepareGitlabProject(
  dir: string,
  files: Map<string, string>,
  remote = 'git@gitlab.com:runway-demo/invoice-api.git',
) {
  await writeFiles(dir, files);
  for (const [template, content] of Object.entries(
    SECURITY_TEMPLATE_STAND_INS,
  )) {
    const target = path.join(dir, TEMPLATE_CACHE, template);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A', '--', '.', ':!.gitlab-ci-local');
  await git(
    dir,
    '-c',
    'user.email=ci@example.com',
    '-c',
    'user.name=ci',
    'commit',
    '-q',
    '-m',
    'generated',
  );
  await git(dir, 'remote', 'add', 'origin', remote);
  await git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  await git(
    dir,
    'symbolic-ref',
    'refs/remotes/origin/HEAD',
    'refs/remotes/origin/main',
  );
}

export interface GitlabCiLocalResult {
  code: number;
  /** What gitlab-ci-local printed on stdout (e.g. --preview's YAML). */
  stdout: string;
  /** stdout and stderr. */
  output: string;
}

/** Runs gitlab-ci-local in `cwd`; never throws on a non-zero exit. */
export async function gitlabCiLocal(
  cwd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<GitlabCiLocalResult> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [CLI, '--no-color', ...args],
      {
        cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 180_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, output: stdout + stderr };
  } catch (error) {
    const failure = error as {
      code?: number;
      stdout?: string;
      stderr?: string;
      message: string;
    };
    return {
      code: typeof failure.code === 'number' ? failure.code : 1,
      stdout: failure.stdout ?? '',
      output:
        `${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message,
    };
  }
}

/**
 * A job's result in gitlab-ci-local's summary: PASS, WARN (failed with an allowed exit code) or
 * FAIL; undefined when the job did not run.
 */
export function jobOutcome(
  output: string,
  job: string,
): 'PASS' | 'WARN' | 'FAIL' | undefined {
  const escaped = job.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^\\s*(PASS|WARN|FAIL)\\s+${escaped}\\b`, 'm').exec(
    output,
  );
  return match?.[1] as 'PASS' | 'WARN' | 'FAIL' | undefined;
}

/**
 * Stand-ins for the deploy job's cluster-side tools, on PATH before the real ones: `cosign`
 * (exits STUB_COSIGN_EXIT, default 0), `apk` (does nothing), and a `kubectl` that runs the real
 * kubectl for what works offline (kustomize, annotate --local, create --dry-run=client) and
 * only records the rest (apply, rollout, config). Every call, and what `apply` was given, is
 * appended to $STUB_LOG.
 */
export async function writeClusterStubs(dir: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', 'command -v kubectl']);
  const kubectl = stdout.trim();
  await fs.mkdir(dir, { recursive: true });
  const stubs: Record<string, string> = {
    kubectl: `#!/bin/sh
echo "kubectl $*" >> "$STUB_LOG"
case "$1" in
  kustomize|annotate|create) exec "${kubectl}" "$@" ;;
  apply)
    if [ "$3" = "-" ]; then cat >> "$STUB_LOG"; else cat "$3" >> "$STUB_LOG"; fi ;;
  *) echo "kubectl stand-in: $1" ;;
esac
`,
    cosign: `#!/bin/sh
echo "cosign $*" >> "$STUB_LOG"
exit "\${STUB_COSIGN_EXIT:-0}"
`,
    apk: `#!/bin/sh
exit 0
`,
  };
  for (const [name, content] of Object.entries(stubs)) {
    await fs.writeFile(path.join(dir, name), content, { mode: 0o755 });
  }
  return dir;
}
