export interface Config {
  scaffolder?: {
    runway?: {
      /**
       * How repositories created from golden-path templates reach Runway's delivery API. Their
       * pipelines authenticate with GitHub's OIDC token, or with a RUNWAY_TOKEN secret the
       * delivery backend issues for that one repository: there is no shared ingestion token.
       */
      delivery?: {
        /**
         * Runway's public URL as CI pipelines and GitHub reach it; webhooks point at
         * `<url>/api/delivery/webhooks/github` and pipelines post to `<url>/api/delivery/events`.
         * @default the value of backend.baseUrl
         */
        url?: string;
      };
      /**
       * `runway:publish:local`: templates may commit the generated repository to a new git
       * repository on the backend's disk instead of GitHub or GitLab. For demo and evaluation
       * portals (one backend, no SCM); the repositories live only on that machine.
       */
      localPublish?: {
        /**
         * Allow templates to publish locally; when false the actions refuse with a message.
         * @default false
         */
        enabled?: boolean;
        /**
         * Folder holding the repositories (one sub-folder each), relative to the backend's
         * working directory.
         * @default `local-repositories` in backend.database.connection.directory, else `runway-local-repositories` in the OS temp directory
         */
        directory?: string;
      };
    };
  };
}
