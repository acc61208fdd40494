/**
 * DEVELOPMENT ONLY sign-in provider `runway-demo` for Runway's demo portal and browser tests.
 *
 * @packageDocumentation
 */
export { authModuleRunwayDemoProvider as default } from './module';
export { signInAsCatalogUser } from './module';
export {
  DEMO_USER_HEADER,
  DEMO_USER_QUERY,
  createDemoAuthenticator,
  demoSignInState,
  parseDemoUser,
} from './authenticator';
export type { DemoSignInResult, DemoSignInState } from './authenticator';
