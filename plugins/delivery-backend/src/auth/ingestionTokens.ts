import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { createHash, randomBytes } from 'node:crypto';
import type { RepositoryProvider } from '../adapters';

/** Every ingestion token starts with this, so that it is told apart from a Backstage token. */
export const INGESTION_TOKEN_PREFIX = 'rwy_';

/** Random bytes in a token (base64url after the prefix). */
const TOKEN_BYTES = 32;

const REPOSITORY_FORMATS: Record<
  RepositoryProvider,
  { pattern: RegExp; example: string }
> = {
  // GitHub: an owner of up to 39 characters (letters, digits, hyphens), a name of up to 100.
  github: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
    example: 'owner/name',
  },
  // GitLab: a project path under at least one group, subgroups allowed.
  gitlab: {
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/,
    example: 'group/project or group/subgroup/project',
  },
};
const MAX_REPOSITORY_LENGTH = 255;

/** What `POST /tokens` is asked for. */
export interface IngestionTokenRequest {
  provider: RepositoryProvider;
  repository: string;
}

/**
 * Validates the body of `POST /tokens`: `repository` in the provider's slug format,
 * `provider` `github` (the default) or `gitlab`.
 *
 * @throws InputError naming the field.
 */
export function parseIngestionTokenRequest(
  body: unknown,
): IngestionTokenRequest {
  const record = (
    typeof body === 'object' && body !== null ? body : {}
  ) as Record<string, unknown>;
  const unknown = Object.keys(record).find(
    field => field !== 'repository' && field !== 'provider',
  );
  if (unknown !== undefined) {
    throw new InputError(
      `${unknown}: is not a field of a token request (repository, provider)`,
    );
  }
  const provider = record.provider ?? 'github';
  if (provider !== 'github' && provider !== 'gitlab') {
    throw new InputError('provider: must be github or gitlab');
  }
  const repository = record.repository;
  const format = REPOSITORY_FORMATS[provider];
  if (
    typeof repository !== 'string' ||
    repository.length > MAX_REPOSITORY_LENGTH ||
    !format.pattern.test(repository)
  ) {
    throw new InputError(
      `repository: must be a ${provider} repository like ${format.example}`,
    );
  }
  return { provider, repository };
}

/** A token as issued: the only time its value is seen. */
export interface IssuedIngestionToken extends IngestionTokenRequest {
  token: string;
  createdAt: Date;
}

/** Ingestion tokens bound to one repository; only their hashes are kept. */
export interface IngestionTokenStore {
  /** Issues a token for the repository, revoking the one issued before. */
  issue(request: IngestionTokenRequest): Promise<IssuedIngestionToken>;
  /** The repository a token was issued for, or undefined for an unknown or revoked token. */
  find(token: string): Promise<IngestionTokenRequest | undefined>;
}

interface IngestionTokenRow {
  provider: string;
  repository_key: string;
  repository: string;
  token_hash: string;
  created_at: Date | string | number;
}

const migrationsDir = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** {@link IngestionTokenStore} in the plugin's database (table `ingestion_tokens`). */
export class DatabaseIngestionTokenStore implements IngestionTokenStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseIngestionTokenStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseIngestionTokenStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async issue(request: IngestionTokenRequest): Promise<IssuedIngestionToken> {
    const token = `${INGESTION_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString(
      'base64url',
    )}`;
    const createdAt = new Date();
    const row: IngestionTokenRow = {
      provider: request.provider,
      repository_key: request.repository.toLocaleLowerCase('en-US'),
      repository: request.repository,
      token_hash: hashToken(token),
      created_at: createdAt,
    };
    // One statement: concurrent issues for a repository leave exactly one token.
    await this.knex<IngestionTokenRow>('ingestion_tokens')
      .insert(row)
      .onConflict(['provider', 'repository_key'])
      .merge(['repository', 'token_hash', 'created_at']);
    return { ...request, token, createdAt };
  }

  async find(token: string): Promise<IngestionTokenRequest | undefined> {
    if (!token.startsWith(INGESTION_TOKEN_PREFIX)) {
      return undefined;
    }
    const row = await this.knex<IngestionTokenRow>('ingestion_tokens')
      .where({ token_hash: hashToken(token) })
      .first('provider', 'repository');
    return row
      ? {
          provider: row.provider as RepositoryProvider,
          repository: row.repository,
        }
      : undefined;
  }
}
