export interface Config {
  auth?: {
    providers?: {
      /**
       * DEVELOPMENT ONLY. Sign in as any catalog User named in the `x-runway-demo-user`
       * request header (or `?user=` query). It trusts what the client says, so it stays off
       * unless `development.enabled` is true, `auth.environment` is `development` and the
       * backend runs with NODE_ENV=development (`backstage-cli repo start`).
       */
      'runway-demo'?: {
        development?: {
          /**
           * Must be true to turn the provider on; anything else leaves it refusing sign-ins.
           * @default false
           */
          enabled?: boolean;
        };
      };
    };
  };
}
