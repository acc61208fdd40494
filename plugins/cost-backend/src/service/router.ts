import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
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
/** Upload content types; the content itself tells gzip from plain CSV. */
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/gzip',
  'application/x-gzip',
  'application/octet-stream',
];

export interface RouterOptions {
  httpAuth: HttpAuthService;
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
  const { httpAuth, store, attribution, importer, settings } = options;
  const now = options.now ?? (() => DateTime.utc());
  const reports = new CostReports(store, attribution);
  const router = Router();

  // The upload is a raw CSV or gzip body, which the OpenAPI validator (JSON bodies only)
  // cannot check; it is served here and documented in openapi.yaml. The body parser answers
  // 413 above the configured size, before anything is read into the store.
  router.post(
    '/imports',
    express.raw({ type: UPLOAD_TYPES, limit: settings.maxUploadBytes }),
    async (req, res) => {
      // Uploads replace billing periods: only services (CI jobs, export pipelines holding a
      // token) may send them, not every signed-in user.
      await httpAuth.credentials(req, { allow: ['service'] });
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
          `body: expected a CSV or gzip file with Content-Type ${UPLOAD_TYPES.join(
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
      }),
    );
  });

  api.get('/overview', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const sort = req.query.sort ?? 'cost';
    res.json(
      await reports.overview({
        window: parseWindow(req.query, now()),
        kind: req.query.kind ?? 'component',
        sort,
        order: req.query.order ?? (sort === 'cost' ? 'desc' : 'asc'),
        currency: req.query.currency,
        limit: req.query.limit ?? DEFAULT_PAGE_SIZE,
        offset: req.query.offset ?? 0,
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
