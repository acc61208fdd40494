import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Connect the repository just published to Runway's delivery backend: a webhook for pushes and pull requests, the RUNWAY_URL variable, and a RUNWAY_TOKEN secret valid for this repository only. Its pipelines report runs and deployments with scripts/runway-report.mjs",
    example: yaml.stringify({
      steps: [
        {
          id: 'register-delivery',
          action: 'runway:delivery:register',
          name: 'Connect the repository to Runway delivery',
          input: { repoUrl: 'github.com?owner=acme&repo=invoice-api' },
        },
      ],
    }),
  },
  {
    description:
      'A repository whose pipelines do not run the report script: GitHub delivers its workflow runs and deployments too. Calls GitHub with the user token instead of the integration credentials',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-delivery',
          action: 'runway:delivery:register',
          name: 'Connect the repository to Runway delivery',
          input: {
            repoUrl: 'github.com?owner=acme&repo=invoice-api',
            events: [
              'push',
              'pull_request',
              'workflow_run',
              'deployment_status',
            ],
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
          },
        },
      ],
    }),
  },
];
