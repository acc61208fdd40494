import { Config } from '@backstage/config';

/** The `delivery` config with its defaults applied (see config.d.ts). */
export interface DeliverySettings {
  /** Benchmark set for DORA levels when a request names none; the engine's default if unset. */
  benchmark?: string;
  incidentAttributionWindowHours: number;
  catalogCacheTtlMs: number;
  /**
   * Keep the DORA read model and answer /dora from it; unset: on with PostgreSQL, off with
   * SQLite (see {@link doraReadModelEnabled}).
   */
  doraReadModel?: boolean;
  /** Generate the labelled demo history (embedded default only). */
  demoData: boolean;
  /** Secrets of the ingestion endpoints; an endpoint without one refuses every delivery. */
  githubWebhookSecret?: string;
  gitlabWebhookToken?: string;
  cdeventsToken?: string;
  /** GitHub Actions OIDC ID tokens accepted by `POST /events` and `POST /cdevents`. */
  githubOidc: {
    enabled: boolean;
    issuer: string;
    audience: string;
    jwksUrl: string;
  };
}

export const DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS = 24;
export const DEFAULT_CATALOG_CACHE_TTL_SECONDS = 30;
export const DEFAULT_GITHUB_OIDC_ISSUER =
  'https://token.actions.githubusercontent.com';
export const DEFAULT_GITHUB_OIDC_AUDIENCE = 'runway-delivery';

export function readDeliverySettings(config: Config): DeliverySettings {
  const delivery = config.getOptionalConfig('delivery');
  const windowHours =
    delivery?.getOptionalNumber('dora.incidentAttributionWindowHours') ??
    DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS;
  if (!Number.isFinite(windowHours) || windowHours < 0) {
    throw new Error(
      `delivery.dora.incidentAttributionWindowHours: must be a number of hours >= 0, got ${windowHours}`,
    );
  }
  return {
    benchmark: delivery?.getOptionalString('dora.benchmark'),
    incidentAttributionWindowHours: windowHours,
    doraReadModel: delivery?.getOptionalBoolean('dora.readModel'),
    catalogCacheTtlMs:
      (delivery?.getOptionalNumber('catalogCacheTtlSeconds') ??
        DEFAULT_CATALOG_CACHE_TTL_SECONDS) * 1000,
    demoData: delivery?.getOptionalBoolean('demoData') ?? false,
    githubWebhookSecret: delivery?.getOptionalString('github.webhookSecret'),
    gitlabWebhookToken: delivery?.getOptionalString('gitlab.webhookToken'),
    cdeventsToken: delivery?.getOptionalString('cdevents.token'),
    githubOidc: readGithubOidc(delivery?.getOptionalConfig('oidc.github')),
  };
}

/**
 * Whether the DORA read model is kept: as configured, else on with PostgreSQL (the
 * production database, where teams and organisations read it in tens of milliseconds) and
 * off with SQLite (the embedded default, where the engine answers a group faster than the
 * model's window-function aggregate).
 */
export function doraReadModelEnabled(
  settings: Pick<DeliverySettings, 'doraReadModel'>,
  databaseClient: string,
): boolean {
  return settings.doraReadModel ?? databaseClient === 'pg';
}

function readGithubOidc(
  config: Config | undefined,
): DeliverySettings['githubOidc'] {
  // GitHub's issuer has no trailing slash; one in the config must not break `iss` matching.
  const issuer = (
    config?.getOptionalString('issuer') ?? DEFAULT_GITHUB_OIDC_ISSUER
  ).replace(/\/+$/, '');
  const jwksUrl =
    config?.getOptionalString('jwksUrl') ?? `${issuer}/.well-known/jwks`;
  if (!URL.canParse(jwksUrl)) {
    throw new Error(
      `delivery.oidc.github.jwksUrl: must be an absolute URL, got ${jwksUrl}`,
    );
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    issuer,
    audience:
      config?.getOptionalString('audience') ?? DEFAULT_GITHUB_OIDC_AUDIENCE,
    jwksUrl,
  };
}
