export interface Config {
  /** Runway settings shared by its plugins. */
  runway?: {
    /**
     * Users and groups (entity refs such as `group:default/platform-team` or
     * `user:default/jane`) who may import or delete cost data, see organisation-wide cost
     * views, read unmatched delivery events and act on any environment request. A user is an
     * admin when their ref, or a group they are a member of in the catalog, is listed.
     * A single string is split at commas and spaces (for an environment variable).
     * @default []
     */
    admins?: string[] | string;
  };
}
