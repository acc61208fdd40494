import git from 'isomorphic-git';
import fs from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GitOpsChange, GitOpsRepository } from './GitOpsProvisioner';
import { ProvisioningContext } from './types';

const AUTHOR = { name: 'Runway', email: 'environments@runway.invalid' };
const BRANCH = 'main';
const UNCHANGED = 1;
const ABSENT = 0;

/**
 * A git repository on the backend's disk, created on first use: every change is one commit on
 * `main`, inspectable with plain `git log`. For the embedded default and single-instance
 * installs; several replicas need a shared remote (the GitHub mode).
 */
export class LocalGitRepository implements GitOpsRepository {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  async apply(
    change: GitOpsChange,
    context: ProvisioningContext,
  ): Promise<string> {
    await context.checkpoint(`${change.stepPrefix}:write`, () =>
      this.serialized(() => this.write(change)),
    );
    return context.checkpoint(`${change.stepPrefix}:commit`, () =>
      this.serialized(() => this.commit(change)),
    );
  }

  /** The commit `main` points at, or undefined before the first commit. */
  async head(): Promise<string | undefined> {
    try {
      return await git.resolveRef({ fs, dir: this.dir, ref: BRANCH });
    } catch {
      return undefined;
    }
  }

  /** One git operation at a time in this process: isomorphic-git does not lock the index. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureRepository(): Promise<void> {
    if (!fs.existsSync(join(this.dir, '.git'))) {
      await mkdir(this.dir, { recursive: true });
      await git.init({ fs, dir: this.dir, defaultBranch: BRANCH });
    }
  }

  private async write(change: GitOpsChange): Promise<string[]> {
    await this.ensureRepository();
    const folder = join(this.dir, change.folder);
    await rm(folder, { recursive: true, force: true });
    if (!change.files) {
      return [];
    }
    await mkdir(folder, { recursive: true });
    const paths = Object.keys(change.files).sort();
    for (const path of paths) {
      await writeFile(join(folder, path), change.files[path], 'utf8');
    }
    return paths.map(path => `${change.folder}/${path}`);
  }

  /** Stages the folder as it is on disk and commits it; no commit when nothing changed. */
  private async commit(change: GitOpsChange): Promise<string> {
    await this.ensureRepository();
    const matrix = await git.statusMatrix({
      fs,
      dir: this.dir,
      filepaths: [change.folder],
    });
    const changed = matrix.filter(
      ([, head, workdir, stage]) =>
        !(head === UNCHANGED && workdir === UNCHANGED && stage === UNCHANGED),
    );
    for (const [filepath, , workdir] of changed) {
      if (workdir === ABSENT) {
        await git.remove({ fs, dir: this.dir, filepath });
      } else {
        await git.add({ fs, dir: this.dir, filepath });
      }
    }
    const head = await this.head();
    if (changed.length === 0 && head) {
      return head;
    }
    return git.commit({
      fs,
      dir: this.dir,
      message: change.message,
      author: AUTHOR,
      committer: AUTHOR,
    });
  }
}
