import { ManifestFiles, environmentUrl, renderManifests } from './manifests';
import {
  EnvironmentProvisioner,
  ProvisionTarget,
  ProvisioningContext,
} from './types';

/** A change to one environment's folder in the GitOps repository. */
export interface GitOpsChange {
  /** Folder of the environment, relative to the repository root. */
  folder: string;
  /** The folder's files; null removes the folder. */
  files: ManifestFiles | null;
  /** Commit message (and pull request title). */
  message: string;
  /** Prefix of the checkpoint keys of this change's steps. */
  stepPrefix: string;
}

/** Where the GitOps provisioner records changes: a local repository or pull requests. */
export interface GitOpsRepository {
  /** Applies a change in resumable steps; returns a reference to it (commit, pull request). */
  apply(change: GitOpsChange, context: ProvisioningContext): Promise<string>;
}

/**
 * Provisions an environment by committing its manifests (namespace, quota, deployment
 * values) to a GitOps repository, from which Argo CD or Flux apply them; destroys it by
 * removing them the same way.
 */
export class GitOpsProvisioner implements EnvironmentProvisioner {
  constructor(
    private readonly options: {
      repository: GitOpsRepository;
      /** Folder of the repository holding one sub-folder per environment. */
      path: string;
      urlTemplate: string;
    },
  ) {}

  async provision(
    target: ProvisionTarget,
    context: ProvisioningContext,
  ): Promise<{ url: string }> {
    const url = environmentUrl(this.options.urlTemplate, target.name);
    await this.options.repository.apply(
      {
        folder: this.folder(target),
        files: renderManifests(target, url),
        message: `Provision environment ${target.name} (${target.type}, ${target.size.name}) for ${target.entityRef}`,
        stepPrefix: 'provision',
      },
      context,
    );
    return { url };
  }

  async destroy(
    target: ProvisionTarget,
    context: ProvisioningContext,
  ): Promise<void> {
    await this.options.repository.apply(
      {
        folder: this.folder(target),
        files: null,
        message: `Destroy environment ${target.name} of ${target.entityRef}`,
        stepPrefix: 'destroy',
      },
      context,
    );
  }

  private folder(target: ProvisionTarget): string {
    return [this.options.path, target.name].filter(Boolean).join('/');
  }
}
