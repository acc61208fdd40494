import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityDrift,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@runway/plugin-golden-paths-common';
import {
  DerivedEntity,
  TemplateInfo,
  computeDrift,
} from '../drift/computeDrift';
import { DriftStore } from '../database/DriftStore';
import { ChangelogReader } from './ChangelogReader';

/**
 * Computes the template drift of catalog entities and keeps the store up to date. Reads the
 * catalog with the plugin's own credentials: what a user may see is checked when they ask.
 */
export class DriftChecker {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      changelogs: ChangelogReader;
      store: DriftStore;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Re-checks every entity that records a template, replacing what the store held. */
  async checkAll(): Promise<{ entities: number }> {
    const { catalog, store, logger } = this.options;
    const startedAt = this.now();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${TEMPLATE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const templates = new Map<string, Promise<TemplateInfo | undefined>>();
    const drifts: EntityDrift[] = [];
    for (const entity of items) {
      const derived = deriveEntity(entity);
      if (!templates.has(derived.templateRef)) {
        templates.set(
          derived.templateRef,
          this.loadTemplate(derived.templateRef, credentials),
        );
      }
      drifts.push(
        computeDrift(
          derived,
          await templates.get(derived.templateRef),
          startedAt,
        ),
      );
    }
    await store.replaceAll(drifts, startedAt);
    logger.info(
      `Checked template drift of ${drifts.length} entities against ${templates.size} templates`,
    );
    return { entities: drifts.length };
  }

  /** Checks one entity now and stores the result. */
  async checkEntity(entity: Entity): Promise<EntityDrift> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const derived = deriveEntity(entity);
    const drift = computeDrift(
      derived,
      await this.loadTemplate(derived.templateRef, credentials),
      this.now(),
    );
    await this.options.store.upsert(drift);
    return drift;
  }

  private async loadTemplate(
    templateRef: string,
    credentials: BackstageCredentials,
  ): Promise<TemplateInfo | undefined> {
    const template = await this.options.catalog.getEntityByRef(templateRef, {
      credentials,
    });
    if (!template) {
      return undefined;
    }
    const version =
      template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
    const changelog = version
      ? await this.options.changelogs.read(template)
      : { entries: [] };
    return {
      ref: templateRef,
      title: template.metadata.title,
      version,
      changelog: changelog.entries,
      changelogError: changelog.error,
    };
  }
}

/** The parts of an entity drift is computed from. */
export function deriveEntity(entity: Entity): DerivedEntity {
  const annotations = entity.metadata.annotations ?? {};
  const owner = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    title: entity.metadata.title,
    ownerRef: owner?.targetRef,
    templateRef: normalizeTemplateRef(annotations[TEMPLATE_ANNOTATION] ?? ''),
    recordedVersion: annotations[TEMPLATE_VERSION_ANNOTATION],
  };
}

/** `typescript-service` and `Template:default/typescript-service` alike name `template:default/typescript-service`. */
export function normalizeTemplateRef(value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return value;
  }
}
