import {
  AuthenticationError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import type { RepositoryPrincipal } from './types';

export interface GithubOidcOptions {
  /** `iss` of the tokens, e.g. https://token.actions.githubusercontent.com */
  issuer: string;
  /** `aud` the workflow asks for (`core.getIDToken(audience)`). */
  audience: string;
  /** Where the issuer's signing keys are published. */
  jwksUrl: string;
  /**
   * The least time between two downloads of the keys when a token names a key id that is not
   * among them (a rotation): a flood of forged key ids must not become a flood of downloads.
   * @defaultValue 30 seconds
   */
  jwksCooldownMs?: number;
}

/** Keys are downloaded again at least this often, even when every token finds its key. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** Clock skew allowed between GitHub and this backend on `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 60;

/** Verifies GitHub Actions OIDC ID tokens against the issuer's published keys. */
export class GithubOidcVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: GithubOidcOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: JWKS_MAX_AGE_MS,
    });
  }

  /**
   * Whether a bearer token says it was issued by GitHub Actions (unverified): the other JWTs
   * on the ingestion routes are Backstage tokens, verified by Backstage.
   */
  isIssuedBy(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.options.issuer;
    } catch {
      return false;
    }
  }

  /**
   * The repository the token was issued to.
   *
   * @throws AuthenticationError when the token is not a valid, unexpired token of the
   * issuer for the audience, or names no repository.
   */
  async verify(token: string): Promise<RepositoryPrincipal> {
    let repository: unknown;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      repository = payload.repository;
    } catch (error) {
      if (
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        !(error instanceof errors.JOSEError)
      ) {
        throw new ServiceUnavailableError(
          `Could not read the signing keys of ${this.options.issuer} at ${this.options.jwksUrl}`,
          error,
        );
      }
      throw new AuthenticationError(
        `Invalid GitHub Actions OIDC token: ${error.message}`,
      );
    }
    if (typeof repository !== 'string' || repository.length === 0) {
      throw new AuthenticationError(
        'Invalid GitHub Actions OIDC token: it has no repository claim',
      );
    }
    return { provider: 'github', repository, via: 'github-oidc' };
  }
}
