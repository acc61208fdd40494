import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Record the running template's name and version in catalog-info.yaml",
    example: yaml.stringify({
      steps: [
        {
          id: 'record-template',
          action: 'runway:template:record',
          name: 'Record template origin and version',
          input: { catalogInfoPath: 'catalog-info.yaml' },
        },
      ],
    }),
  },
  {
    description:
      'Record an explicit version for a catalog file in a sub-directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'record-template',
          action: 'runway:template:record',
          name: 'Record template origin and version',
          input: {
            catalogInfoPath: 'service/catalog-info.yaml',
            templateVersion: '2.1.0',
          },
        },
      ],
    }),
  },
];
