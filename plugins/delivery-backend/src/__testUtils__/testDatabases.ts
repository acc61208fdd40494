import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';

/**
 * {@link TestDatabases} whose connections are closed after each test.
 *
 * TestDatabases keeps every knex it creates (pools of up to 5 PostgreSQL connections, each
 * closed only after 5 s idle) until the test file ends. A file whose tests each start a
 * backend on a fresh database thus held tens of connections at once, and the whole Jest
 * run, with PostgreSQL suites of many packages side by side, passed the server's
 * max_connections ("sorry, too many clients already"). Here each test's pools are
 * destroyed as it ends, so a file holds at most one test's pools at a time; the databases
 * themselves are dropped when the file ends, as before.
 */
export function createTestDatabases(): Pick<
  TestDatabases,
  'eachSupportedId' | 'supports'
> & {
  /** A fresh, empty database; its connections are closed when the current test ends. */
  init(id: TestDatabaseId): Promise<Knex>;
} {
  const databases = TestDatabases.create();
  let open: Knex[] = [];
  afterEach(async () => {
    const closing = open;
    open = [];
    await Promise.all(closing.map(knex => knex.destroy()));
  });
  return {
    eachSupportedId: () => databases.eachSupportedId(),
    supports: id => databases.supports(id),
    async init(id) {
      const knex = await databases.init(id);
      open.push(knex);
      return knex;
    },
  };
}
