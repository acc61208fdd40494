import { JsonObject } from '@backstage/types';
import express from 'express';
import { createHash } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GitOpsProvisioner } from './GitOpsProvisioner';
import { GithubPullRequestRepository } from './GithubPullRequestRepository';
import { memoryContext, SimulatedCrash } from './testContext';
import { ProvisioningPendingError, ProvisionTarget } from './types';

/** Port of this test's fake GitHub API (the environments helper's range is 7160-7169). */
const PORT = 7163;

type Tree = Map<string, string>;

/**
 * The parts of GitHub's REST API the repository uses, over an in-memory git history: refs,
 * commits, trees (with `base_tree` and deletions), contents listings and pull requests.
 */
function fakeGithub() {
  const trees = new Map<string, Tree>();
  const commits = new Map<
    string,
    { tree: string; message: string; parents: string[] }
  >();
  const refs = new Map<string, string>();
  const pulls: Array<{
    number: number;
    head: string;
    base: string;
    title: string;
    html_url: string;
    state: 'open' | 'closed';
    merged_at: string | null;
  }> = [];
  const authorizations = new Set<string>();
  /** A status every pull-request lookup answers with while set (GitHub having a bad day). */
  const state: { failPullLookups?: number } = {};
  const hash = (value: unknown) =>
    createHash('sha1').update(JSON.stringify(value)).digest('hex');
  const putTree = (tree: Tree) => {
    const sha = hash([...tree.entries()].sort());
    trees.set(sha, tree);
    return sha;
  };
  const rootTree = putTree(new Map([['README.md', '# environments\n']]));
  const root = hash(['root']);
  commits.set(root, { tree: rootTree, message: 'init', parents: [] });
  refs.set('main', root);

  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    authorizations.add(req.headers.authorization ?? '');
    next();
  });
  const repo = '/repos/acme/environments';
  app.get(`${repo}/git/ref/heads/*`, (req, res) => {
    const sha = refs.get((req.params as string[])[0]);
    if (!sha) {
      res.status(404).json({ message: 'Not Found' });
      return;
    }
    res.json({ object: { sha } });
  });
  app.post(`${repo}/git/refs`, (req, res) => {
    const name = String(req.body.ref).replace(/^refs\/heads\//, '');
    if (refs.has(name)) {
      res.status(422).json({ message: 'Reference already exists' });
      return;
    }
    refs.set(name, req.body.sha);
    res.status(201).json({ ref: req.body.ref, object: { sha: req.body.sha } });
  });
  app.patch(`${repo}/git/refs/heads/*`, (req, res) => {
    refs.set((req.params as string[])[0], req.body.sha);
    res.json({ object: { sha: req.body.sha } });
  });
  app.get(`${repo}/git/commits/:sha`, (req, res) => {
    const commit = commits.get(req.params.sha)!;
    res.json({ sha: req.params.sha, tree: { sha: commit.tree } });
  });
  app.post(`${repo}/git/trees`, (req, res) => {
    const tree = new Map(trees.get(req.body.base_tree));
    for (const entry of req.body.tree) {
      if (entry.sha === null) {
        tree.delete(entry.path);
      } else {
        tree.set(entry.path, entry.content);
      }
    }
    res.status(201).json({ sha: putTree(tree) });
  });
  app.post(`${repo}/git/commits`, (req, res) => {
    const sha = hash([req.body, commits.size]);
    commits.set(sha, req.body);
    res.status(201).json({ sha });
  });
  app.get(`${repo}/contents/*`, (req, res) => {
    const folder = (req.params as string[])[0];
    const commit = commits.get(refs.get(String(req.query.ref))!)!;
    const paths = [...trees.get(commit.tree)!.keys()].filter(path =>
      path.startsWith(`${folder}/`),
    );
    if (paths.length === 0) {
      res.status(404).json({ message: 'Not Found' });
      return;
    }
    res.json(paths.map(path => ({ path, type: 'file' })));
  });
  app.get(`${repo}/pulls`, (req, res) => {
    const head = String(req.query.head).replace(/^acme:/, '');
    res.json(pulls.filter(pull => pull.head === head));
  });
  app.post(`${repo}/pulls`, (req, res) => {
    const number = pulls.length + 1;
    const pull = {
      number,
      head: req.body.head,
      base: req.body.base,
      title: req.body.title,
      html_url: `https://github.com/acme/environments/pull/${number}`,
      state: 'open' as const,
      merged_at: null,
    };
    pulls.push(pull);
    res.status(201).json(pull);
  });
  app.get(`${repo}/pulls/:number`, (req, res) => {
    if (state.failPullLookups) {
      res
        .status(state.failPullLookups)
        .json({ message: 'Service Unavailable' });
      return;
    }
    const pull = pulls.find(p => p.number === Number(req.params.number));
    if (!pull) {
      res.status(404).json({ message: 'Not Found' });
      return;
    }
    res.json(pull);
  });

  /** What a reviewer does: merges the pull request of `head` into its base. */
  const merge = (head: string) => {
    const pull = pulls.find(p => p.head === head)!;
    refs.set(pull.base, refs.get(head)!);
    pull.state = 'closed';
    pull.merged_at = '2026-11-02T09:00:00Z';
  };

  /** The files on a branch. */
  const filesOn = (branch: string) =>
    trees.get(commits.get(refs.get(branch)!)!.tree)!;
  const commitCount = (branch: string) => {
    let count = 0;
    for (let sha = refs.get(branch); sha; sha = commits.get(sha)!.parents[0]) {
      count++;
    }
    return count;
  };
  return Object.assign(state, {
    app,
    pulls,
    refs,
    filesOn,
    commitCount,
    authorizations,
    merge,
  });
}

const target: ProvisionTarget = {
  id: '6f1c3a52-0000-4000-8000-000000000002',
  name: 'payments-staging-d4e5f6',
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
  requestedBy: 'user:default/alice',
  type: 'staging',
  size: { name: 'large', pricePerDay: 9.6, cpu: '4', memory: '8Gi' },
  version: '1.4.2',
};
const FOLDER = `environments/${target.name}`;

describe('GithubPullRequestRepository against a fake GitHub API', () => {
  let github: ReturnType<typeof fakeGithub>;
  let server: Server;
  let provisioner: GitOpsProvisioner;

  // One server for all tests (a fresh fake history each): clients keep connections alive.
  beforeAll(async () => {
    server = await new Promise<Server>(resolve => {
      const started = express()
        .use((req, res, next) => github.app(req, res, next))
        .listen(PORT, '127.0.0.1', () => resolve(started));
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    github = fakeGithub();
    const { port } = server.address() as AddressInfo;
    provisioner = new GitOpsProvisioner({
      repository: new GithubPullRequestRepository({
        repoUrl: 'https://github.com/acme/environments',
        apiBaseUrl: `http://127.0.0.1:${port}`,
        baseBranch: 'main',
        credentials: {
          getCredentials: async () => ({
            type: 'token',
            token: 'ghs_test',
            headers: { Authorization: 'Bearer ghs_test' },
          }),
        },
      }),
      path: 'environments',
      urlTemplate: 'https://{name}.env.example.com',
    });
  });

  it('opens a pull request adding the manifests, then one removing them; each is done when merged', async () => {
    const progress: JsonObject = {};
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(
      new ProvisioningPendingError(
        'waiting for https://github.com/acme/environments/pull/1 to be merged',
      ),
    );
    const branch = `runway/provision-${target.name}`;
    expect([...github.filesOn(branch).keys()].sort()).toEqual([
      'README.md',
      `${FOLDER}/namespace.yaml`,
      `${FOLDER}/resourcequota.yaml`,
      `${FOLDER}/values.yaml`,
    ]);
    expect(github.filesOn(branch).get(`${FOLDER}/values.yaml`)).toContain(
      'tag: 1.4.2',
    );
    expect(github.pulls).toEqual([
      expect.objectContaining({
        head: branch,
        base: 'main',
        title: `Provision environment ${target.name} (staging, large) for component:default/payments`,
      }),
    ]);
    expect(progress['provision:pull-request']).toBe(
      'https://github.com/acme/environments/pull/1',
    );
    expect([...github.authorizations]).toEqual(['Bearer ghs_test']);

    // Asked again while open: still pending, nothing made twice.
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);
    expect(github.commitCount(branch)).toBe(2);
    expect(github.pulls).toHaveLength(1);

    // Reviewers merge the pull request: the environment is provisioned.
    github.merge(branch);
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).resolves.toEqual({ url: `https://${target.name}.env.example.com` });

    await expect(
      provisioner.destroy(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);
    const removal = `runway/destroy-${target.name}`;
    expect([...github.filesOn(removal).keys()]).toEqual(['README.md']);
    expect(github.pulls.map(pull => pull.head)).toEqual([branch, removal]);
    github.merge(removal);
    await expect(
      provisioner.destroy(target, memoryContext(progress)),
    ).resolves.toBeUndefined();
  });

  it('keeps waiting when GitHub cannot be asked about the pull request for a while', async () => {
    const progress: JsonObject = {};
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);
    github.failPullLookups = 503;
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);
    github.failPullLookups = undefined;
    github.merge(`runway/provision-${target.name}`);
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).resolves.toEqual({ url: `https://${target.name}.env.example.com` });
  });

  it('fails when the pull request is closed without being merged', async () => {
    const progress: JsonObject = {};
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);
    github.pulls[0].state = 'closed';
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(
      'https://github.com/acme/environments/pull/1 was closed without being merged; reopen and merge it, then retry',
    );
  });

  it('resumes after a crash without a second commit or pull request', async () => {
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
    await expect(
      provisioner.provision(
        target,
        memoryContext(progress, {
          step: 'provision:pull-request',
          when: 'before-save',
        }),
      ),
    ).rejects.toThrow(SimulatedCrash);
    await expect(
      provisioner.provision(target, memoryContext(progress)),
    ).rejects.toThrow(ProvisioningPendingError);

    const branch = `runway/provision-${target.name}`;
    expect(github.commitCount(branch)).toBe(2);
    expect(github.pulls).toHaveLength(1);
  });
});
