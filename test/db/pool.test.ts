import { createPool, inTransaction, withClient } from '../../db/pool';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testEnv } from '../support/test-env';

let testDb: TestDatabase;
let killer: ReturnType<typeof createPool>;
beforeAll(async () => {
  testDb = await createTestDatabase({ max: 2 });
  killer = createPool({ connectionString: testEnv('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await killer.end();
  await testDb.drop();
});

/** Ends this client's server process from outside, and waits for the word of it to arrive while the client runs nothing. */
async function killServerOf(client: { query(sql: string): Promise<{ rows: { pid: number }[] }> }): Promise<void> {
  const { pid } = (await client.query('select pg_backend_pid() as pid')).rows[0]!;
  await killer.query('select pg_terminate_backend($1)', [pid]);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('a checked-out client whose server goes away between two statements', () => {
  it('fails the transaction it was in, and the pool carries on with a new connection', async () => {
    await expect(
      inTransaction(testDb.db, async (client) => {
        await killServerOf(client);
        await client.query('select 1');
      }),
    ).rejects.toThrow();
    expect((await testDb.db.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  });

  it('is dropped, not handed to the next caller', async () => {
    await withClient(testDb.db, killServerOf);
    for (let i = 0; i < 4; i += 1) expect((await testDb.db.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  });
});
