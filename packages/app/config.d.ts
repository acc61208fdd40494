export interface Config {
  app: {
    /**
     * Sign-in buttons shown on the portal's sign-in page, in order.
     * `guest` for the embedded default, `github` in production.
     * @default ["guest"]
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'github'>;
  };
}
