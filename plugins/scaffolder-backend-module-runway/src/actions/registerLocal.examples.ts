import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml of a repository published with runway:publish:local',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-local',
          action: 'runway:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl:
              "${{ steps['publish-local'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
