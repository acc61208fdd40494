import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';

/**
 * {@link TestDatabases} for tests that each want an empty database, without a database and
 * a pool per test.
 *
 * TestDatabases keeps every knex it creates (pools of up to 5 PostgreSQL connections, each
 * closed only after 5 s idle) until the test file ends, and drops every database it created
 * then, one by one. A file whose tests each started a backend on a fresh database thus held
 * tens of connections at once (the whole Jest run, with PostgreSQL suites of many packages
 * side by side, passed the server's max_connections: "sorry, too many clients already"),
 * and under load its dozens of DROP DATABASE outlasted the 60 s cleanup hook.
 *
 * Here, on PostgreSQL, a file has one database per engine and one pool: `init` empties its
 * tables (the schema stays migrated) and hands out the same knex. SQLite databases are in
 * memory and cheap: each test gets a fresh one, closed when the test ends. Tests that need
 * a database whose schema they change (migration tests) ask for `fresh`.
 */
export function createTestDatabases(): Pick<
  TestDatabases,
  'eachSupportedId' | 'supports'
> & {
  /** An empty database (its tables emptied, on PostgreSQL the file's shared one). */
  init(id: TestDatabaseId): Promise<Knex>;
  /** A new database of its own; its connections are closed when the current test ends. */
  fresh(id: TestDatabaseId): Promise<Knex>;
} {
  const databases = TestDatabases.create();
  const shared = new Map<TestDatabaseId, Promise<Knex>>();
  let open: Knex[] = [];
  afterEach(async () => {
    const closing = open;
    open = [];
    await Promise.all(closing.map(knex => knex.destroy()));
  });
  const fresh = async (id: TestDatabaseId) => {
    const knex = await databases.init(id);
    open.push(knex);
    return knex;
  };
  return {
    eachSupportedId: () => databases.eachSupportedId(),
    supports: id => databases.supports(id),
    fresh,
    async init(id) {
      if (!id.startsWith('POSTGRES')) {
        return fresh(id);
      }
      let knex = shared.get(id);
      if (!knex) {
        knex = databases.init(id);
        shared.set(id, knex);
        return knex;
      }
      const db = await knex;
      const tables: Array<{ tablename: string }> = (
        await db.raw(
          `select tablename from pg_tables where schemaname = current_schema()
           and tablename not like 'knex_migrations%'`,
        )
      ).rows;
      if (tables.length > 0) {
        await db.raw(
          `truncate ${tables
            .map(() => '??')
            .join(', ')} restart identity cascade`,
          tables.map(table => table.tablename),
        );
      }
      return db;
    },
  };
}
