import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Connect the repository just published to Runway's delivery backend: webhook, RUNWAY_URL variable, and a RUNWAY_TOKEN secret valid for this repository only",
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
      'Deliver only workflow runs and deployments, calling GitHub with the user token instead of the integration credentials',
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
