import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { migrate } from '../../db/migrate';
import { createPool, quoteIdentifier } from '../../db/pool';
import { testEnv } from './test-env';

export interface TestDatabase {
  db: Pool;
  schema: string;
  drop: () => Promise<void>;
}

/** A migrated schema of this test file's own in the run's database. */
export async function createTestDatabase({ max = 10 }: { max?: number } = {}): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const connectionString = testEnv('databaseUrl');
  const admin = createPool({ connectionString, max: 1 });
  await admin.query(`create schema ${quoteIdentifier(schema)}`);
  await admin.end();
  const db = createPool({ connectionString, max, schema });
  await migrate(db);
  return {
    db,
    schema,
    drop: async () => {
      await db.end();
      const cleanup = createPool({ connectionString, max: 1 });
      await cleanup.query(`drop schema ${quoteIdentifier(schema)} cascade`);
      await cleanup.end();
    },
  };
}
