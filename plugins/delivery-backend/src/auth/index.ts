export { assertPermission } from './assertPermission';
export { GithubOidcVerifier } from './GithubOidcVerifier';
export type { GithubOidcOptions } from './GithubOidcVerifier';
export { IngestionAuthenticator } from './IngestionAuthenticator';
export {
  DatabaseIngestionTokenStore,
  INGESTION_TOKEN_PREFIX,
  parseIngestionTokenRequest,
} from './ingestionTokens';
export type {
  IngestionTokenRequest,
  IngestionTokenStore,
  IssuedIngestionToken,
} from './ingestionTokens';
export { RepositoryScope } from './RepositoryScope';
export type { IngestionCaller, RepositoryPrincipal } from './types';
