import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  readWithoutJit,
  SMALL_READ_ENTITIES,
  turnJitOffForNewConnections,
} from './rows';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// What a read sees of the two settings readWithoutJit is about.
const settingsRead = (db: Knex) =>
  db.select(
    db.raw("current_setting('jit') as jit"),
    db.raw("current_setting('work_mem') as work_mem"),
  );

type Settings = Array<{ jit: string; work_mem: string }>;

describe.each(
  databases.eachSupportedId().filter(([id]) => id.startsWith('POSTGRES')),
)('readWithoutJit (%s)', id => {
  // A pool of its own, so that every connection in it is opened by the test.
  let own: Knex[] = [];
  const newPool = async () => {
    const shared = await databases.init(id);
    const db = knexFactory({
      ...shared.client.config,
      pool: { min: 0, max: 4 },
    });
    own.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(own.map(db => db.destroy()));
    own = [];
  });

  // Several reads at once, so that they run on several connections of the pool.
  const readsAtOnce = (db: Knex, entities: number) =>
    Promise.all(
      Array.from({ length: 4 }, () =>
        readWithoutJit<Settings>(db, settingsRead(db), entities),
      ),
    );

  it('turns JIT off on every connection the pool opens', async () => {
    const db = await newPool();
    const errors: Error[] = [];
    turnJitOffForNewConnections(db, error => errors.push(error));
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        db.transaction(async tx => (await tx.raw('show jit')).rows[0].jit),
      ),
    );
    expect(seen).toEqual(['off', 'off', 'off', 'off']);
    expect(errors).toEqual([]);
    // Without it, PostgreSQL's default (on) stays: the setting is the hook's doing.
    const other = await newPool();
    expect((await other.raw('show jit')).rows[0].jit).toBe('on');
  });

  it('sets things up once per pool however often it is asked', async () => {
    const db = await newPool();
    const pool = (db.client as { pool: { on(...args: unknown[]): void } }).pool;
    const on = jest.spyOn(pool, 'on');
    turnJitOffForNewConnections(db, () => {});
    turnJitOffForNewConnections(db, () => {});
    expect(
      on.mock.calls.filter(([event]) => event === 'createSuccess'),
    ).toHaveLength(1);
  });

  it('reads a few entities on the connection as it is, JIT off, default work_mem', async () => {
    const db = await newPool();
    turnJitOffForNewConnections(db, () => {});
    const defaultWorkMem = (await db.raw('show work_mem')).rows[0].work_mem;
    for (const rows of await readsAtOnce(db, SMALL_READ_ENTITIES)) {
      expect(rows).toEqual([{ jit: 'off', work_mem: defaultWorkMem }]);
    }
  });

  it('reads many entities with room to sort in memory', async () => {
    const db = await newPool();
    turnJitOffForNewConnections(db, () => {});
    for (const rows of await readsAtOnce(db, SMALL_READ_ENTITIES + 1)) {
      expect(rows).toEqual([{ jit: 'off', work_mem: '64MB' }]);
    }
    // `set local`: the connection keeps its own setting after the read.
    expect((await db.raw('show work_mem')).rows[0].work_mem).not.toBe('64MB');
  });

  it('turns JIT off for the read itself where the pool was not set up', async () => {
    const db = await newPool();
    for (const rows of await readsAtOnce(db, 1)) {
      expect(rows).toEqual([{ jit: 'off', work_mem: '64MB' }]);
    }
  });
});

describe.each(
  databases.eachSupportedId().filter(([id]) => id.startsWith('SQLITE')),
)('readWithoutJit (%s)', id => {
  it('runs the read as it is', async () => {
    const db = await databases.init(id);
    turnJitOffForNewConnections(db, () => {
      throw new Error('nothing to set up on SQLite');
    });
    const rows = await readWithoutJit(db, db.select(db.raw('1 as one')), 100);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
