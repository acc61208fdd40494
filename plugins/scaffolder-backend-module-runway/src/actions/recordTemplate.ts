import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { parseDocument } from 'yaml';
import {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '../annotations';
import { examples } from './recordTemplate.examples';

/**
 * `runway:template:record`: writes which template (and which version of it) created the
 * component into its catalog-info.yaml, read from the running template itself so the
 * recorded version cannot drift from the template's own annotation.
 */
export function createRecordTemplateAction() {
  return createTemplateAction({
    id: 'runway:template:record',
    description: `Records the template and its version (${TEMPLATE_VERSION_ANNOTATION} on the Template) as ${TEMPLATE_ANNOTATION} and ${TEMPLATE_VERSION_ANNOTATION} annotations in the generated catalog-info.yaml.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string({
              description: 'Path of catalog-info.yaml in the workspace',
            })
            .default('catalog-info.yaml'),
        templateVersion: z =>
          z
            .string({
              description: `Version to record; default: the running template's ${TEMPLATE_VERSION_ANNOTATION} annotation`,
            })
            .optional(),
      },
      output: {
        templateRef: z =>
          z.string({ description: 'The template entity ref recorded' }),
        templateVersion: z =>
          z.string({ description: 'The template version recorded' }),
      },
    },
    async handler(ctx) {
      const { catalogInfoPath = 'catalog-info.yaml' } = ctx.input;
      const metadata = ctx.templateInfo?.entity?.metadata;
      if (!metadata?.name) {
        throw new InputError(
          'runway:template:record: the task carries no template metadata',
        );
      }
      // The entity metadata, not templateInfo.entityRef: a dry-run names every template "dry-run".
      const templateRef = stringifyEntityRef({
        kind: 'Template',
        namespace: metadata.namespace ?? 'default',
        name: metadata.name,
      });
      const templateVersion =
        ctx.input.templateVersion ??
        metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      if (!templateVersion) {
        throw new InputError(
          `${templateRef} has no ${TEMPLATE_VERSION_ANNOTATION} annotation; add one to the template (e.g. 1.0.0)`,
        );
      }

      const filePath = resolveSafeChildPath(ctx.workspacePath, catalogInfoPath);
      const text = await fs.readFile(filePath, 'utf8').catch(() => {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} does not exist in the workspace`,
        );
      });
      // parseDocument keeps the file's comments and layout.
      const document = parseDocument(text);
      if (document.errors.length > 0) {
        throw new InputError(
          `${catalogInfoPath} does not parse: ${document.errors[0].message}`,
        );
      }
      document.setIn(
        ['metadata', 'annotations', TEMPLATE_ANNOTATION],
        templateRef,
      );
      document.setIn(
        ['metadata', 'annotations', TEMPLATE_VERSION_ANNOTATION],
        templateVersion,
      );
      await fs.writeFile(filePath, document.toString());

      ctx.logger.info(
        `Recorded ${templateRef} version ${templateVersion} in ${catalogInfoPath}`,
      );
      ctx.output('templateRef', templateRef);
      ctx.output('templateVersion', templateVersion);
    },
  });
}
