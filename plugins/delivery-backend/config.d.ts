export interface Config {
  /** Runway's delivery plugin: CI/CD event ingestion, pipeline state and DORA metrics. */
  delivery?: {
    /**
     * Fill the database with about six months of generated, clearly labelled demo history
     * (deployments, commits, pipeline runs, incidents) for the demo catalog's services in
     * examples/. For the embedded default only; refreshed hourly, idempotent.
     * @default false
     */
    demoData?: boolean;
    dora?: {
      /**
       * Benchmark set that grades DORA metrics when a request names none.
       * @default "2024"
       */
      benchmark?: string;
      /**
       * An incident that names no deployment counts against the latest deployment of the same
       * entity and environment that finished at most this many hours before it opened.
       * @default 24
       */
      incidentAttributionWindowHours?: number;
      /**
       * Keep the DORA read model: what the metrics need of each deployment, derived when
       * events arrive and aggregated in the database, so that /dora and /overview of a team or
       * the whole organisation read the rows of their window only. When switched on for
       * stored events (or when the attribution window changed) it is built from them in the
       * background after start, while reads compute from the events.
       * Unset: on with PostgreSQL, off with SQLite.
       */
      readModel?: boolean;
    };
    /**
     * How long the backend reuses the catalog's answer to "does this entity exist?" when it
     * ingests events, and to "which components does this Group or System cover, for this
     * caller?" when it reads metrics.
     * @default 30
     */
    catalogCacheTtlSeconds?: number;
    github?: {
      /**
       * Secret of the GitHub webhook that posts to /api/delivery/webhooks/github; every
       * delivery's X-Hub-Signature-256 is checked against it. Without it the route answers 401.
       * @visibility secret
       */
      webhookSecret?: string;
    };
    gitlab?: {
      /**
       * Secret token of the GitLab webhook that posts to /api/delivery/webhooks/gitlab, checked
       * against X-Gitlab-Token. Without it the route answers 401.
       * @visibility secret
       */
      webhookToken?: string;
    };
    cdevents?: {
      /**
       * Token CDEvents producers send in the X-Runway-Token header to
       * /api/delivery/cdevents. Without it the route answers 401 to that header (the
       * repository-bound bearer tokens below still work).
       * @visibility secret
       */
      token?: string;
    };
    oidc?: {
      /**
       * GitHub Actions OIDC: a workflow with `permissions: id-token: write` posts to
       * /api/delivery/events and /api/delivery/cdevents with `Authorization: Bearer <ID
       * token>`. The token's `repository` claim must be the `github.com/project-slug` of the
       * entity of every event it posts (compared ignoring case), or the request is a 403.
       */
      github?: {
        /**
         * Accept GitHub Actions OIDC ID tokens.
         * @default true
         */
        enabled?: boolean;
        /**
         * Expected `iss`; GitHub Enterprise Server uses https://HOSTNAME/_services/token.
         * @default "https://token.actions.githubusercontent.com"
         */
        issuer?: string;
        /**
         * Expected `aud`: the audience the workflow asks for (`core.getIDToken(audience)`).
         * @default "runway-delivery"
         */
        audience?: string;
        /**
         * Where the issuer's signing keys are read (cached; read again when a token names an
         * unknown key, at most every 30 seconds).
         * @default "<issuer>/.well-known/jwks"
         */
        jwksUrl?: string;
      };
    };
  };
}
