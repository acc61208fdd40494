import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Request a preview environment of a branch for two days',
    example: yaml.stringify({
      steps: [
        {
          id: 'request-environment',
          action: 'runway:environment:request',
          name: 'Request the environment',
          input: {
            entityRef: 'component:default/payments',
            type: 'preview',
            size: 'small',
            ttlHours: 48,
            branch: 'feature/checkout',
            purpose: 'Review the checkout redesign',
          },
        },
      ],
    }),
  },
  {
    description:
      "Request a staging environment of a release with the type's default TTL",
    example: yaml.stringify({
      steps: [
        {
          id: 'request-environment',
          action: 'runway:environment:request',
          name: 'Request the environment',
          input: {
            entityRef: 'component:default/payments',
            type: 'staging',
            size: 'medium',
            version: '1.4.2',
            purpose: 'Release rehearsal',
          },
        },
      ],
    }),
  },
];
