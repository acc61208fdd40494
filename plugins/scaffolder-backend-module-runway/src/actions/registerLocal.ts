import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOCAL_REPOSITORY_LOCATION_TYPE } from '../catalog/LocalRepositoryProcessor';
import { examples } from './registerLocal.examples';
import {
  assertLocalPublishEnabled,
  isInside,
  readLocalPublishSettings,
  resolveInside,
} from './localPublishSettings';

export const REGISTER_LOCAL_ACTION_ID = 'runway:catalog:register-local';

/** The entity catalog:register reports: the Component, else the first named one. */
function mainEntity(entities: Entity[]): Entity | undefined {
  const named = entities.filter(e => !e.metadata.name.startsWith('generated-'));
  return named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
}

/**
 * `runway:catalog:register-local`: the catalog:register of `runway:publish:local`. The built-in
 * action registers `url` locations, which need an integration for the host, and a file: URL has
 * none; this one registers a `runway-local-repository` location (read by this package's catalog
 * module, only inside the local publish directory), so neither a template nor a catalog user
 * can make the catalog read other files of the backend's disk.
 */
export function createRegisterLocalAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const { catalog } = options;
  const settings = readLocalPublishSettings(options.config);
  return createTemplateAction({
    id: REGISTER_LOCAL_ACTION_ID,
    description:
      'Registers the catalog-info.yaml of a repository created by runway:publish:local in the software catalog (a runway-local-repository location; needs the catalog module of @runway/plugin-scaffolder-backend-module-runway).',
    examples,
    // Like catalog:register: a dry-run has no repository to register, so the scaffolder skips it.
    supportsDryRun: false,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The repoContentsUrl output of runway:publish:local (a file: URL)',
          }),
        catalogInfoPath: z =>
          z
            .string({
              description: 'Path of the catalog file in the repository',
            })
            .default('/catalog-info.yaml'),
        optional: z =>
          z
            .boolean({
              description: 'Do not fail the task when registration fails',
            })
            .default(false),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The registered Component' }).optional(),
        catalogInfoUrl: z =>
          z.string({ description: 'file: URL of the registered catalog file' }),
      },
    },
    async handler(ctx) {
      const {
        repoContentsUrl,
        catalogInfoPath = '/catalog-info.yaml',
        optional = false,
      } = ctx.input;
      assertLocalPublishEnabled(settings, REGISTER_LOCAL_ACTION_ID);
      let repoPath: string;
      try {
        repoPath = fileURLToPath(repoContentsUrl);
      } catch {
        throw new InputError(
          `repoContentsUrl: ${repoContentsUrl} is not a file: URL; use the output of ${'runway:publish:local'}`,
        );
      }
      const target = path.resolve(
        repoPath,
        `.${path.posix.sep}${catalogInfoPath}`,
      );
      if (
        !isInside(settings.directory, target) ||
        target === settings.directory
      ) {
        throw new InputError(
          `repoContentsUrl: ${target} is outside the local publish directory ${settings.directory}`,
        );
      }
      const resolved = await resolveInside(settings.directory, target).catch(
        error => {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new InputError(
              `catalogInfoPath: ${catalogInfoPath} does not exist in ${repoPath}`,
            );
          }
          throw error;
        },
      );
      if (!resolved.inside) {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} in ${repoPath} leads through a symbolic link outside the local publish directory ${settings.directory}`,
        );
      }

      const credentials = await ctx.getInitiatorCredentials();
      const location = { type: LOCAL_REPOSITORY_LOCATION_TYPE, target };
      ctx.logger.info(`Registering ${target} in the catalog`);
      try {
        await catalog.addLocation(location, { credentials });
        const preview = await catalog.addLocation(
          { ...location, dryRun: true },
          { credentials },
        );
        const entity = mainEntity(preview.entities);
        if (entity) {
          ctx.output('entityRef', stringifyEntityRef(entity));
        }
      } catch (error) {
        if (!optional) {
          throw error;
        }
        ctx.logger.warn(`Registration failed, continuing: ${error}`);
      }
      ctx.output('catalogInfoUrl', pathToFileURL(target).href);
    },
  });
}
