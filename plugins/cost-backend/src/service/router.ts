import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseEntityRefParam } from '@runway/backend-utils';
import {
  costImportCreatePermission,
  costImportDeletePermission,
} from '@runway/plugin-cost-common';
import express from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { CostImportStore } from '../database/CostImportStore';
import { CostReportStore } from '../database/CostReportStore';
import { costFileFromBuffer } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { CostAccess } from './CostAccess';
import { CostAttribution } from './CostAttribution';
import { CostReports } from './CostReports';
import { parseWindow, wholeDays } from './parseWindow';
import { CostSettings, reservedSourceNames } from './settings';

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_REPORT_SIZE = 20;
/** Width of the source columns. */
const MAX_SOURCE_LENGTH = 255;
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
  access: CostAccess;
  imports: CostImportStore;
  reports: CostReportStore;
  attribution: CostAttribution;
  importer: FocusImporter;
  settings: CostSettings;
  /** The clock; tests pin it. */
  now?: () => DateTime;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, access, imports, attribution, importer, settings } =
    options;
  const now = options.now ?? (() => DateTime.utc());
  const reports = new CostReports(options.reports, attribution);
  const reservedSources = reservedSourceNames(settings);
  const router = Router();
  /** Every endpoint serves users, and services on their own or a user's behalf. */
  const caller = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // The upload is a raw CSV, gzip or Parquet body, which the OpenAPI validator (JSON bodies
  // only) cannot check; it is served here and documented in openapi.yaml. The caller is
  // checked before the body is read; the body parser answers 413 above the configured size.
  router.post(
    '/imports',
    async (req, _res, next) => {
      const credentials = await caller(req);
      await access.authorizeImportChange(
        costImportCreatePermission,
        credentials,
        'Uploading cost files',
      );
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
      if (source.length > MAX_SOURCE_LENGTH) {
        throw new InputError(
          `source: at most ${MAX_SOURCE_LENGTH} characters, got ${source.length}`,
        );
      }
      if (reservedSources.has(source)) {
        throw new InputError(
          `source: "${source}" is reserved for a configured source or the demo (cost.sources, runway-demo), whose imports would replace the upload's billing periods and be replaced by them; choose another name`,
        );
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
   * Which of the given refs the caller may read: what the catalog shows them. A service's or
   * team's cost is part of its page, like its pipelines; what is organisation-wide (the
   * allocation report, imports) needs `cost.organization.read` instead.
   */
  const readableBy = (credentials: BackstageCredentials) => (refs: string[]) =>
    attribution.readableRefs(refs, credentials);

  const api = await createOpenApiRouter();

  api.get('/entity-cost', async (req, res) => {
    const credentials = await caller(req);
    const entityRef = parseEntityRefParam('entityRef', req.query.entityRef);
    const window = parseWindow(req.query, now());
    // The view only labels this answer (the figures are the entity's either way): asked
    // alongside them rather than before.
    const [view, cost] = await Promise.all([
      access.view(credentials),
      reports.entityCost({
        entityRef,
        window,
        granularity: req.query.granularity ?? 'day',
        now: now(),
        readable: readableBy(credentials),
      }),
    ]);
    res.json({ visibility: view.visibility, ...cost });
  });

  // No caller's view here: it only labels /entity-cost's answer, and this one is not labelled
  // (one permission round trip fewer on every Overview with the service health card).
  api.get('/entity-cost/summary', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await reports.entityCostSummary({
        entityRef: parseEntityRefParam('entityRef', req.query.entityRef),
        window: parseWindow(req.query, now()),
        now: now(),
        readable: readableBy(credentials),
      }),
    );
  });

  api.get('/overview', async (req, res) => {
    const credentials = await caller(req);
    const sort = req.query.sort ?? 'cost';
    // A single value may arrive unwrapped, depending on how the query string was parsed.
    const entityRefs = req.query.entityRef
      ? [req.query.entityRef]
          .flat()
          .map(ref => parseEntityRefParam('entityRef', ref))
      : undefined;
    const window = wholeDays(parseWindow(req.query, now()));
    const view = await access.view(credentials);
    res.json(
      await reports.overview({
        window,
        kind: req.query.kind ?? 'component',
        sort,
        order: req.query.order ?? (sort === 'cost' ? 'desc' : 'asc'),
        currency: req.query.currency,
        entityRefs,
        limit: req.query.limit ?? DEFAULT_PAGE_SIZE,
        offset: req.query.offset ?? 0,
        readable: readableBy(credentials),
        visibility: view.visibility,
      }),
    );
  });

  api.get('/allocation', async (req, res) => {
    const credentials = await caller(req);
    const window = wholeDays(parseWindow(req.query, now()));
    const { visibility } = await access.view(credentials);
    res.json(
      await reports.allocationReport({
        window,
        limit: req.query.limit ?? DEFAULT_REPORT_SIZE,
        visibility,
      }),
    );
  });

  // Imports are every team's files: their names, sources, periods and bad rows (whose
  // reasons quote cells) are for the organisation view only.
  api.get('/imports', async (req, res) => {
    const credentials = await caller(req);
    await access.requireOrganizationView(credentials, 'The import history');
    res.json(
      await imports.listImports({
        source: req.query.source,
        limit: req.query.limit ?? DEFAULT_PAGE_SIZE,
        offset: req.query.offset ?? 0,
      }),
    );
  });

  api.get('/imports/:id', async (req, res) => {
    const credentials = await caller(req);
    await access.requireOrganizationView(credentials, 'An import');
    const found = await imports.getImport(req.params.id);
    if (!found) {
      throw new NotFoundError(`No cost import ${req.params.id}`);
    }
    res.json(found);
  });

  api.delete('/imports/:id', async (req, res) => {
    const credentials = await caller(req);
    await access.authorizeImportChange(
      costImportDeletePermission,
      credentials,
      'Deleting cost imports',
    );
    if (!(await imports.deleteImport(req.params.id))) {
      throw new NotFoundError(`No cost import ${req.params.id}`);
    }
    attribution.invalidate();
    res.status(204).end();
  });

  router.use(api);
  return router;
}
