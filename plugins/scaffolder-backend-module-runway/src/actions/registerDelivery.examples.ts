import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Connect the repository just published to Runway's delivery backend",
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
      'Deliver only workflow runs and deployments, with an explicit token',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-delivery',
          action: 'runway:delivery:register',
          name: 'Connect the repository to Runway delivery',
          input: {
            repoUrl: 'github.com?owner=acme&repo=invoice-api',
            events: ['workflow_run', 'deployment_status'],
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
          },
        },
      ],
    }),
  },
];
