import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** A template step requesting an environment of the payments service with these inputs. */
function requestStep(input: Record<string, string | number>): string {
  return yaml.stringify({
    steps: [
      {
        id: 'request-environment',
        action: 'runway:environment:request',
        name: 'Request the environment',
        input: { entityRef: 'component:default/payments', ...input },
      },
    ],
  });
}

export const examples: TemplateExample[] = [
  {
    description: 'Request a preview environment of a branch for two days',
    example: requestStep({
      type: 'preview',
      size: 'small',
      ttlHours: 48,
      branch: 'feature/checkout',
      purpose: 'Review the checkout redesign',
    }),
  },
  {
    description:
      "Request a staging environment of a release with the type's default TTL",
    example: requestStep({
      type: 'staging',
      size: 'medium',
      version: '1.4.2',
      purpose: 'Release rehearsal',
    }),
  },
];
