import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitOpsSettings } from '../service/settings';
import { GithubPullRequestRepository } from './GithubPullRequestRepository';
import { GitOpsProvisioner } from './GitOpsProvisioner';
import { LocalGitRepository } from './LocalGitRepository';
import { EnvironmentProvisioner } from './types';

/** The configured provisioner: GitOps on a local repository or through GitHub pull requests. */
export function createProvisioner(options: {
  settings: GitOpsSettings;
  config: Config;
}): EnvironmentProvisioner {
  const { settings, config } = options;
  const repository =
    settings.mode === 'github'
      ? GithubPullRequestRepository.fromIntegrations({
          integrations: ScmIntegrations.fromConfig(config),
          repoUrl: settings.repoUrl,
          baseBranch: settings.baseBranch,
        })
      : new LocalGitRepository(settings.directory);
  return new GitOpsProvisioner({
    repository,
    path: settings.path,
    urlTemplate: settings.urlTemplate,
  });
}
