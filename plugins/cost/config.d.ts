export interface Config {
  cost?: {
    attribution?: {
      /**
       * FOCUS `Tags` keys whose value names the entity a cost row belongs to. The Cost tab's
       * empty state names them so a team knows which tag to put on its resources. Read by the
       * cost backend (plugins/cost-backend/config.d.ts documents it); visible here so the
       * frontend shows the configured keys rather than the defaults.
       * @visibility frontend
       */
      tagKeys?: string[];
    };
  };
}
