import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { EnvironmentListView } from '@runway/plugin-environments-common';
import express from 'express';
import Router from 'express-promise-router';
import { createOpenApiRouter, spec } from '../schema/openapi.generated';
import { EnvironmentRequests } from './EnvironmentRequests';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  requests: EnvironmentRequests;
}

const ESTIMATE_FIELDS = Object.keys(
  spec.components.schemas.EstimateInput.properties,
);
const REQUEST_FIELDS = Object.keys(
  spec.components.schemas.EnvironmentRequestInput.properties,
);
const REASON_FIELDS = ['reason'];
/** A request's fields are a few short strings: far under this. */
const MAX_BODY_SIZE = '100kb';
const EXTEND_FIELDS = ['ttlHours', 'reason'];

/**
 * Refuses properties the API does not know, naming them (the OpenAPI validator's message for
 * `additionalProperties` does not say which one), so a misspelt field is not silently ignored.
 */
function refuseUnknownFields(body: unknown, allowed: string[]) {
  const unknown = Object.keys(body ?? {}).filter(key => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      `${unknown.join(', ')}: unknown ${
        unknown.length === 1 ? 'property' : 'properties'
      }; expected ${allowed.join(', ')}`,
    );
  }
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, requests } = options;
  const router = Router();
  // Bodies are parsed before the OpenAPI router, whose validator turns every error into a
  // 400: an oversized body stays a 413. The router's own parser then finds it parsed.
  const jsonBody = express.json({ limit: MAX_BODY_SIZE });
  const api = await createOpenApiRouter({ middleware: [jsonBody] });
  // Any request of the typed router (its query types need not be express's strings).
  const user = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user'] });

  api.get('/types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(requests.catalogue());
  });

  api.post('/estimate', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    refuseUnknownFields(req.body, ESTIMATE_FIELDS);
    res.json(requests.estimate(req.body));
  });

  api.post('/requests', async (req, res) => {
    refuseUnknownFields(req.body, REQUEST_FIELDS);
    res.status(201).json(await requests.create(req.body, await user(req)));
  });

  api.get('/requests', async (req, res) => {
    const view = (req.query.view ?? 'mine') as EnvironmentListView;
    const page = await requests.list(
      view,
      {
        entityRef: req.query.entityRef,
        states: req.query.state,
        limit: req.query.limit,
        cursor: req.query.cursor,
      },
      await user(req),
    );
    res.json(page);
  });

  api.get('/requests/:id', async (req, res) => {
    res.json(await requests.get(req.params.id, await user(req)));
  });

  api.post('/requests/:id/approve', async (req, res) => {
    refuseUnknownFields(req.body, REASON_FIELDS);
    res.json(
      await requests.approve(req.params.id, req.body?.reason, await user(req)),
    );
  });

  api.post('/requests/:id/reject', async (req, res) => {
    refuseUnknownFields(req.body, REASON_FIELDS);
    res.json(
      await requests.reject(req.params.id, req.body.reason, await user(req)),
    );
  });

  api.post('/requests/:id/extend', async (req, res) => {
    refuseUnknownFields(req.body, EXTEND_FIELDS);
    res.json(
      await requests.extend(
        req.params.id,
        req.body.ttlHours,
        req.body.reason,
        await user(req),
      ),
    );
  });

  api.post('/requests/:id/destroy', async (req, res) => {
    refuseUnknownFields(req.body, REASON_FIELDS);
    res.json(
      await requests.destroy(req.params.id, req.body?.reason, await user(req)),
    );
  });

  api.post('/requests/:id/retry', async (req, res) => {
    res.json(await requests.retry(req.params.id, await user(req)));
  });

  router.use(jsonBody);
  router.use(api);
  return router;
}
