import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DRIFT_STATUSES,
  EntityDrift,
  TEMPLATE_ANNOTATION,
} from '@runway/plugin-golden-paths-common';
import express from 'express';
import Router from 'express-promise-router';
import { DriftStore } from '../database/DriftStore';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { DriftChecker, deriveEntity } from './DriftChecker';

const DEFAULT_PAGE_SIZE = 50;
/** Refs per catalog lookup when filtering the overview by what the caller may read. */
const REFS_PER_LOOKUP = 500;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  store: DriftStore;
  checker: DriftChecker;
}

/** A normalized entity ref from a query parameter, or a 400 naming the parameter. */
function parseRefParam(
  field: string,
  value: string,
  defaultKind?: string,
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `${field}: must be an entity ref like ${
        defaultKind
          ? `${defaultKind}:default/team-a`
          : 'component:default/checkout'
      } (${(error as Error).message})`,
    );
  }
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, store, checker } = options;
  const router = Router();
  const api = await createOpenApiRouter();

  api.get('/drift', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = parseRefParam('entityRef', req.query.entityRef);
    // Asked with the caller's credentials: an entity they may not read is "not found".
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );
    }
    if (!entity.metadata.annotations?.[TEMPLATE_ANNOTATION]) {
      throw new NotFoundError(
        `${entityRef} was not created from a template: it has no ${TEMPLATE_ANNOTATION} annotation`,
      );
    }
    const stored = await store.get(entityRef);
    const derived = deriveEntity(entity);
    // The stored result is used while the entity still records what it was computed from;
    // a new or just-upgraded entity is checked on the spot.
    const fresh =
      stored &&
      stored.templateRef === derived.templateRef &&
      stored.recordedVersion === derived.recordedVersion;
    res.json(fresh ? stored : await checker.checkEntity(entity));
  });

  api.get('/drift/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ownerRef =
      req.query.owner !== undefined
        ? parseRefParam('owner', req.query.owner, 'group')
        : undefined;
    const offset = req.query.offset ?? 0;
    const limit = req.query.limit ?? DEFAULT_PAGE_SIZE;
    const drifts = await store.list({ status: req.query.status, ownerRef });

    const readable = new Set<string>();
    for (let i = 0; i < drifts.length; i += REFS_PER_LOOKUP) {
      const refs = drifts.slice(i, i + REFS_PER_LOOKUP).map(d => d.entityRef);
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, index) => item && readable.add(refs[index]));
    }
    const visible = drifts
      .filter(drift => readable.has(drift.entityRef))
      .sort(byUrgency);
    res.json({
      items: visible.slice(offset, offset + limit),
      totalItems: visible.length,
      offset,
      limit,
    });
  });

  router.use(api);
  return router;
}

/** Worst status first, then by entity ref (the store's order, kept by a stable sort). */
function byUrgency(a: EntityDrift, b: EntityDrift): number {
  return DRIFT_STATUSES.indexOf(a.status) - DRIFT_STATUSES.indexOf(b.status);
}
