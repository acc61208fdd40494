export interface Config {
  scaffolder?: {
    runway?: {
      /** How repositories created from golden-path templates reach Runway's delivery API. */
      delivery?: {
        /**
         * Runway's public URL as CI pipelines and GitHub reach it; webhooks point at
         * `<url>/api/delivery/webhooks/github` and pipelines post to `<url>/api/delivery/events`.
         * @default the value of backend.baseUrl
         */
        url?: string;
        /**
         * The token pipelines send as `Authorization: Bearer ...`: one of the static tokens in
         * `backend.auth.externalAccess`. Stored as the repository's RUNWAY_TOKEN Actions secret.
         * @visibility secret
         */
        ingestionToken?: string;
      };
    };
  };
}
