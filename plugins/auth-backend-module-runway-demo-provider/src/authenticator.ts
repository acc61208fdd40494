import { Config } from '@backstage/config';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The request header naming the demo user to sign in as. */
export const DEMO_USER_HEADER = 'x-runway-demo-user';
/** The query parameter that does the same (for links and curl). */
export const DEMO_USER_QUERY = 'user';

/** What the authenticator found in the request: the catalog User to sign in as. */
export interface DemoSignInResult {
  userEntityRef: string;
}

/** Whether the provider may sign anybody in, and if not, why. */
export type DemoSignInState =
  | { enabled: true }
  | { enabled: false; reason: string };

/**
 * Decides whether the demo provider is on. It trusts a header any client can send, so a
 * reachable backend with it on lets anybody act as anybody: all three conditions must hold,
 * and a missing or misspelt key leaves it off rather than failing the backend's start.
 */
export function demoSignInState(options: {
  /** `auth.providers.runway-demo` */
  providerConfig: Config;
  /** `auth.environment` (Backstage's default is `development`). */
  authEnvironment: string;
  /** `process.env.NODE_ENV` of the backend. */
  nodeEnv: string | undefined;
}): DemoSignInState {
  const { providerConfig, authEnvironment, nodeEnv } = options;
  let enabled: boolean | undefined;
  try {
    enabled = providerConfig
      .getOptionalConfig('development')
      ?.getOptionalBoolean('enabled');
  } catch {
    enabled = undefined;
  }
  if (enabled !== true) {
    return {
      enabled: false,
      reason:
        "The runway-demo sign-in provider is off; set 'auth.providers.runway-demo.development.enabled: true' to use it in development",
    };
  }
  if (authEnvironment !== 'development') {
    return {
      enabled: false,
      reason: `The runway-demo sign-in provider only works with auth.environment 'development', not '${authEnvironment}'`,
    };
  }
  if (nodeEnv !== 'development') {
    return {
      enabled: false,
      reason: `The runway-demo sign-in provider only works when the backend runs in development (NODE_ENV=development), not '${
        nodeEnv ?? ''
      }'`,
    };
  }
  return { enabled: true };
}

/**
 * Reads the demo user from a header or query value: a User entity name (`amara.okafor`) or
 * a User entity ref (`user:default/amara.okafor`).
 */
export function parseDemoUser(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) {
    throw new AuthenticationError(
      `Name the demo user in the '${DEMO_USER_HEADER}' header or the '${DEMO_USER_QUERY}' query parameter`,
    );
  }
  let ref;
  try {
    ref = parseEntityRef(raw, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`${DEMO_USER_HEADER}: ${(error as Error).message}`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `${DEMO_USER_HEADER}: must name a User entity, got ${raw}`,
    );
  }
  return stringifyEntityRef(ref);
}

/**
 * Takes the user name from the request as is: there is no credential to check, which is why
 * {@link demoSignInState} keeps it to development.
 */
export function createDemoAuthenticator(options: {
  authEnvironment: string;
  nodeEnv: string | undefined;
}) {
  return createProxyAuthenticator<DemoSignInState, DemoSignInResult, undefined>(
    {
      defaultProfileTransform: async (result, ctx) => {
        // The catalog's profile, so the portal shows the person's name; an unknown user fails
        // here with the catalog's NotFoundError, before any token is issued.
        const { entity } = await ctx.findCatalogUser({
          entityRef: result.userEntityRef,
        });
        const profile = (entity.spec?.profile ?? {}) as {
          displayName?: string;
          email?: string;
          picture?: string;
        };
        return {
          profile: {
            displayName: profile.displayName ?? entity.metadata.name,
            email: profile.email,
            picture: profile.picture,
          },
        };
      },
      initialize({ config }) {
        return demoSignInState({ providerConfig: config, ...options });
      },
      async authenticate({ req }, state) {
        if (!state.enabled) {
          throw new NotAllowedError(state.reason);
        }
        const query = req.query?.[DEMO_USER_QUERY];
        const userEntityRef = parseDemoUser(
          req.header(DEMO_USER_HEADER) ??
            (typeof query === 'string' ? query : undefined),
        );
        return { result: { userEntityRef } };
      },
    },
  );
}
