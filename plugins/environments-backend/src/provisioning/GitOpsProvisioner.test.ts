import { JsonObject } from '@backstage/types';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GitOpsProvisioner } from './GitOpsProvisioner';
import { LocalGitRepository } from './LocalGitRepository';
import { memoryContext, SimulatedCrash } from './testContext';
import { ProvisionTarget } from './types';

const target: ProvisionTarget = {
  id: '6f1c3a52-0000-4000-8000-000000000001',
  name: 'payments-preview-a1b2c3',
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
  requestedBy: 'user:default/alice',
  type: 'preview',
  size: { name: 'medium', pricePerDay: 4.8, cpu: '2', memory: '4Gi' },
  branch: 'feature/checkout',
};
const FOLDER = `environments/${target.name}`;

describe('GitOpsProvisioner on a local git repository', () => {
  let dir: string;
  let provisioner: GitOpsProvisioner;

  /** Asks the real git binary, so the repository is checked as any git user would see it. */
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  const commits = () => git('log', '--format=%s', 'main').split('\n');
  const files = () =>
    git('ls-tree', '-r', '--name-only', 'main').split('\n').filter(Boolean);

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'environments-gitops-')), 'repo');
    provisioner = new GitOpsProvisioner({
      repository: new LocalGitRepository(dir),
      path: 'environments',
      urlTemplate: 'https://{name}.env.example.com',
    });
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('commits the namespace, quota and deployment values, and destroy removes them', async () => {
    const progress: JsonObject = {};
    const { url } = await provisioner.provision(
      target,
      memoryContext(progress),
    );
    expect(url).toBe('https://payments-preview-a1b2c3.env.example.com');
    expect(commits()).toEqual([
      'Provision environment payments-preview-a1b2c3 (preview, medium) for component:default/payments',
    ]);
    expect(files()).toEqual([
      `${FOLDER}/namespace.yaml`,
      `${FOLDER}/resourcequota.yaml`,
      `${FOLDER}/values.yaml`,
    ]);
    expect(git('status', '--porcelain')).toBe('');

    const namespace = parse(git('show', `main:${FOLDER}/namespace.yaml`));
    expect(namespace).toMatchObject({
      kind: 'Namespace',
      metadata: {
        name: target.name,
        labels: { 'runway.dev/service': 'payments' },
        annotations: { 'runway.dev/owner': 'group:default/team-a' },
      },
    });
    const quota = parse(git('show', `main:${FOLDER}/resourcequota.yaml`));
    expect(quota.spec.hard).toMatchObject({
      'limits.cpu': '2',
      'limits.memory': '4Gi',
    });
    const values = parse(git('show', `main:${FOLDER}/values.yaml`));
    expect(values).toMatchObject({
      service: 'payments',
      image: { tag: 'feature/checkout' },
      ingress: { host: 'payments-preview-a1b2c3.env.example.com' },
    });

    await provisioner.destroy(target, memoryContext(progress));
    expect(commits()[0]).toBe(
      'Destroy environment payments-preview-a1b2c3 of component:default/payments',
    );
    expect(commits()).toHaveLength(2);
    expect(files()).toEqual([]);
  });

  it('resumes after a crash between writing and committing, without redoing the write', async () => {
    const progress: JsonObject = {};
    await expect(
      provisioner.provision(
        target,
        memoryContext(progress, {
          step: 'provision:write',
          when: 'after-save',
        }),
      ),
    ).rejects.toThrow(SimulatedCrash);
    expect(git('rev-list', '--all')).toBe('');
    expect(progress['provision:write']).toEqual([
      `${FOLDER}/namespace.yaml`,
      `${FOLDER}/resourcequota.yaml`,
      `${FOLDER}/values.yaml`,
    ]);

    await provisioner.provision(target, memoryContext(progress));
    expect(commits()).toHaveLength(1);
    expect(files()).toHaveLength(3);
    expect(progress['provision:commit']).toBe(git('rev-parse', 'main'));
  });

  it('makes no second commit when it crashed after committing but before recording it', async () => {
    const progress: JsonObject = {};
    await expect(
      provisioner.provision(
        target,
        memoryContext(progress, {
          step: 'provision:commit',
          when: 'before-save',
        }),
      ),
    ).rejects.toThrow(SimulatedCrash);
    const head = git('rev-parse', 'main');

    await provisioner.provision(target, memoryContext(progress));
    expect(git('rev-parse', 'main')).toBe(head);
    expect(commits()).toHaveLength(1);

    const destroyProgress: JsonObject = { ...progress };
    await expect(
      provisioner.destroy(
        target,
        memoryContext(destroyProgress, {
          step: 'destroy:write',
          when: 'after-save',
        }),
      ),
    ).rejects.toThrow(SimulatedCrash);
    await provisioner.destroy(target, memoryContext(destroyProgress));
    expect(commits()).toHaveLength(2);
    expect(files()).toEqual([]);
  });
});
