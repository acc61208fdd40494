/**
 * A key for "who the catalog answers for", for caches of what a caller may read: the user, or
 * the service with its access restrictions. Two callers with the same key see the same
 * entities; a cache keyed by it never serves one caller's answer to another.
 *
 * Typed structurally (the `principal` of `BackstageCredentials`), so that this package needs
 * no backend plugin API.
 * @public
 */
export function callerKey(credentials: { principal: unknown }): string {
  const principal = (credentials.principal ?? {}) as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
    accessRestrictions?: unknown;
  };
  return JSON.stringify([
    principal.type ?? null,
    principal.userEntityRef ?? principal.subject ?? null,
    principal.accessRestrictions ?? null,
  ]);
}
