import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { deliveryEventCreatePermission } from '@runway/plugin-delivery-common';
import type { Request } from 'express';
import { assertPermission } from './assertPermission';
import type { GithubOidcVerifier } from './GithubOidcVerifier';
import {
  INGESTION_TOKEN_PREFIX,
  type IngestionTokenStore,
} from './ingestionTokens';
import type { IngestionCaller, RepositoryPrincipal } from './types';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Finds who posts to an ingestion route, from the headers alone (before the body is read):
 * a repository-bound bearer token (GitHub Actions OIDC, a Runway ingestion token) or a
 * Backstage token, which Backstage verifies.
 */
export class IngestionAuthenticator {
  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      tokens: IngestionTokenStore;
      /** Absent when `delivery.oidc.github.enabled` is false. */
      githubOidc?: GithubOidcVerifier;
    },
  ) {}

  /**
   * The repository a bearer token speaks for; undefined when the request carries no bearer
   * token or a Backstage one.
   *
   * @throws AuthenticationError for an unknown ingestion token or an invalid OIDC token.
   */
  async repositoryPrincipal(
    req: Request,
  ): Promise<RepositoryPrincipal | undefined> {
    const token = req.header('authorization')?.match(BEARER)?.[1];
    if (!token) {
      return undefined;
    }
    if (token.startsWith(INGESTION_TOKEN_PREFIX)) {
      const issued = await this.options.tokens.find(token);
      if (!issued) {
        throw new AuthenticationError(
          'Invalid ingestion token: unknown or revoked',
        );
      }
      return { ...issued, via: 'ingestion-token' };
    }
    const { githubOidc } = this.options;
    if (githubOidc?.isIssuedBy(token)) {
      return githubOidc.verify(token);
    }
    return undefined;
  }

  /**
   * The caller of `POST /events`: a repository-bound token, or a Backstage service principal
   * allowed `delivery.event.create`.
   *
   * @throws AuthenticationError (401) without valid credentials, NotAllowedError (403) when
   * the permission is denied.
   */
  async eventsCaller(req: Request): Promise<IngestionCaller> {
    const principal = await this.repositoryPrincipal(req);
    if (principal) {
      return { type: 'repository', principal };
    }
    const credentials = await this.options.httpAuth.credentials(req, {
      allow: ['service'],
    });
    await assertPermission(
      this.options.permissions,
      deliveryEventCreatePermission,
      credentials,
      'post delivery events',
    );
    return { type: 'backstage', credentials };
  }
}
