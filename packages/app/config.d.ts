export interface Config {
  app: {
    /**
     * Sign-in buttons shown on the portal's sign-in page, in order.
     * `guest` for the embedded default, `github` in production; `runway-demo` (development
     * only, the browser tests) adds a sign-in as a named demo user.
     * @default ["guest"]
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'github' | 'runway-demo'>;
  };
}
