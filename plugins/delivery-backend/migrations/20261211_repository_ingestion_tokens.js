// @ts-check

/*
 * Ingestion tokens bound to one repository (`POST /tokens`): the fallback for pipelines that
 * cannot use OIDC. Only a SHA-256 hash of each token is kept; one token per repository, so
 * issuing again replaces (revokes) the previous one.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ingestion_tokens', table => {
    table.comment('Repository-bound ingestion tokens, stored as hashes');
    table
      .string('provider', 16)
      .notNullable()
      .comment(
        'github or gitlab: which annotation the repository is compared with',
      );
    table
      .string('repository_key', 255)
      .notNullable()
      .comment(
        'The repository slug in lower case: one token per provider and repository',
      );
    table
      .string('repository', 255)
      .notNullable()
      .comment('The repository slug as it was issued');
    table
      .string('token_hash', 64)
      .notNullable()
      .unique({ indexName: 'ingestion_tokens_hash_idx' })
      .comment('Hex SHA-256 of the token');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['provider', 'repository_key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ingestion_tokens');
};
