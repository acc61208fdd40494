import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { costImportCreatePermission } from '@runway/plugin-cost-common';
import express from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { CostStore } from '../database/CostStore';
import { costFileFromBuffer } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { CostAttribution, parseEntityRefParam } from './CostAttribution';
import { CostReports } from './CostReports';
import { parseWindow } from './parseWindow';
import { CostSettings } from './settings';

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_REPORT_SIZE = 20;
/** Upload content types; the content itself tells Parquet, gzip and plain CSV apart. */
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/gzip',
  'application/x-gzip',
  'application/vnd.apache.parquet',
  'application/x-parquet',
  'application/octet-stream',
];

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: Pick<AuthService, 'isPrincipal'>;
  permissions: PermissionsService;
  store: CostStore;
  attribution: CostAttribution;
  importer: FocusImporter;
  settings: CostSettings;
  /** The clock; tests pin it. */
  now?: () => DateTime;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auth,
    permissions,
    store,
    attribution,
    importer,
    settings,
  } = options;
  const now = options.now ?? (() => DateTime.utc());
  const reports = new CostReports(store, attribution);
  const router = Router();

  // The upload is a raw CSV, gzip or Parquet body, which the OpenAPI validator (JSON bodies
  // only) cannot check; it is served here and documented in openapi.yaml. The caller is
  // checked before the body is read; the body parser answers 413 above the configured size.
  router.post(
    '/imports',
    async (req, _res, next) => {
      await authorizeUpload(req);
      next();
    },
    express.raw({ type: UPLOAD_TYPES, limit: settings.maxUploadBytes }),
    async (req, res) => {
      const fileName = req.query.fileName;
      if (typeof fileName !== 'string' || fileName.trim() === '') {
        throw new InputError('fileName: required query parameter');
      }
      const source = req.query.source ?? settings.defaultUploadSource;
      if (typeof source !== 'string' || source.trim() === '') {
        throw new InputError('source: must be a non-empty string');
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new InputError(
          `body: expected a CSV, gzip or Parquet file with Content-Type ${UPLOAD_TYPES.join(
            ', ',
          )}`,
        );
      }
      const result = await importer.import(
        costFileFromBuffer(fileName, req.body),
        source,
      );
      res.status(result.skipped ? 200 : 201).json(result);
    },
  );

  /**
   * Uploads replace billing periods: a signed-in user needs `cost.import.create`, a service
   * an external-access token (`backend.auth.externalAccess`, e.g. the static token of the job
   * that fetches exports). Tokens other plugins send (subject `plugin:<id>`) are refused: no
   * plugin has a reason to replace cost data.
   */
  async function authorizeUpload(req: express.Request): Promise<void> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (auth.isPrincipal(credentials, 'service')) {
      if (credentials.principal.subject.startsWith('plugin:')) {
        throw new NotAllowedError(
          `Uploads need a user or an external-access token (backend.auth.externalAccess); ${credentials.principal.subject} may not upload`,
        );
      }
      return;
    }
    const [decision] = await permissions.authorize(
      [{ permission: costImportCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Uploading cost files needs the permission ${costImportCreatePermission.name}`,
      );
    }
  }

  /** Which of the given refs the caller may read, asked of the catalog. */
  const readableBy = (credentials: BackstageCredentials) => (refs: string[]) =>
    attribution.readableRefs(refs, credentials);

  const api = await createOpenApiRouter();

  api.get('/entity-cost', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = parseEntityRefParam('entityRef', req.query.entityRef);
    const window = parseWindow(req.query, now());
    await attribution.requireVisible(entityRef, credentials);
    res.json(
      await reports.entityCost({
        entityRef,
        window,
        granularity: req.query.granularity ?? 'day',
        now: now(),
        readable: readableBy(credentials),
      }),
    );
  });

  api.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const sort = req.query.sort ?? 'cost';
    // A single value may arrive unwrapped, depending on how the query string was parsed.
    const entityRefs = req.query.entityRef
      ? [req.query.entityRef]
          .flat()
          .map(ref => parseEntityRefParam('entityRef', ref))
      : undefined;
    res.json(
      await reports.overview({
        window: parseWindow(req.query, now()),
        kind: req.query.kind ?? 'component',
        sort,
        order: req.query.order ?? (sort === 'cost' ? 'desc' : 'asc'),
        currency: req.query.currency,
        entityRefs,
        limit: req.query.limit ?? DEFAULT_PAGE_SIZE,
        offset: req.query.offset ?? 0,
        readable: readableBy(credentials),
      }),
    );
  });

  api.get('/allocation', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      await reports.allocationReport({
        window: parseWindow(req.query, now()),
        limit: req.query.limit ?? DEFAULT_REPORT_SIZE,
      }),
    );
  });

  api.get('/imports', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      await store.listImports({
        source: req.query.source,
        limit: req.query.limit ?? DEFAULT_PAGE_SIZE,
        offset: req.query.offset ?? 0,
      }),
    );
  });

  api.get('/imports/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const found = await store.getImport(req.params.id);
    if (!found) {
      throw new NotFoundError(`No cost import ${req.params.id}`);
    }
    res.json(found);
  });

  router.use(api);
  return router;
}
