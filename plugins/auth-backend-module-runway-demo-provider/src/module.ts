import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import {
  createDemoAuthenticator,
  DemoSignInResult,
  demoSignInState,
} from './authenticator';

/**
 * Issues the token of the catalog User the request names, with the groups the catalog lists
 * them in; a name the catalog does not know is refused.
 */
export const signInAsCatalogUser: SignInResolver<DemoSignInResult> = async (
  { result },
  ctx,
) => ctx.signInWithCatalogUser({ entityRef: result.userEntityRef });

/**
 * DEVELOPMENT ONLY auth provider `runway-demo`: lets the demo portal and the browser tests
 * sign in as a named demo user (e.g. a member of the team that must approve an environment),
 * which guest sign-in cannot. See the package README for why it refuses to run elsewhere.
 */
export const authModuleRunwayDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'runway-demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const authEnvironment =
          config.getOptionalString('auth.environment') ?? 'development';
        const nodeEnv = process.env.NODE_ENV;
        const providerConfig = config.getOptionalConfig(
          'auth.providers.runway-demo',
        );
        if (
          providerConfig &&
          demoSignInState({ providerConfig, authEnvironment, nodeEnv }).enabled
        ) {
          logger.warn(
            'The runway-demo sign-in provider is ON: it signs in as whatever catalog user a request names, with no credential (development only)',
          );
        }
        providers.registerProvider({
          providerId: 'runway-demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator({
              authEnvironment,
              nodeEnv,
            }),
            signInResolver: signInAsCatalogUser,
          }),
        });
      },
    });
  },
});
