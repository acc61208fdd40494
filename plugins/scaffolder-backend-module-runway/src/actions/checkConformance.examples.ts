import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fail the task when the generated GitHub repository misses a golden-path piece',
    example: yaml.stringify({
      steps: [
        {
          id: 'conformance',
          action: 'runway:conformance:check',
          name: 'Check golden-path conformance',
          input: { ci: 'github-actions' },
        },
      ],
    }),
  },
  {
    description:
      'Report on a GitLab repository in a sub-directory without failing the task',
    example: yaml.stringify({
      steps: [
        {
          id: 'conformance',
          action: 'runway:conformance:check',
          name: 'Report golden-path conformance',
          input: { path: 'service', ci: 'gitlab-ci', failOnViolation: false },
        },
      ],
    }),
  },
];
