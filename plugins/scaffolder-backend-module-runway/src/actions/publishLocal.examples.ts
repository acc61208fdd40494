import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Commit the generated service to a new local git repository named after it',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          action: 'runway:publish:local',
          name: 'Publish to a local git repository',
          input: { repoName: 'invoice-api' },
        },
      ],
    }),
  },
  {
    description:
      'Publish one folder of the workspace on a chosen branch with a chosen author',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          action: 'runway:publish:local',
          name: 'Publish to a local git repository',
          input: {
            repoName: 'invoice-api-docs',
            sourcePath: 'docs',
            defaultBranch: 'trunk',
            gitCommitMessage: 'Add the service documentation',
            gitAuthorName: 'Platform Team',
            gitAuthorEmail: 'platform@example.com',
          },
        },
      ],
    }),
  },
];
