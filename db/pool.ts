import { Pool, type PoolClient } from 'pg';

export type Db = Pool;

export interface PoolOptions {
  connectionString: string;
  max?: number;
  /** Run every query in this schema (each test run gets its own). */
  schema?: string;
}

export function createPool({ connectionString, max = 10, schema }: PoolOptions): Pool {
  const pool = new Pool({
    connectionString,
    max,
    options: schema ? `-c search_path=${quoteIdentifier(schema)}` : undefined,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Runs `work` in one transaction, retrying on serialization failures and deadlocks. With
 * `advisoryLock`, the transaction first takes that transaction-scoped advisory lock, in the same
 * round trip as `begin`.
 */
export async function inTransaction<T>(
  db: Pool,
  work: (client: PoolClient) => Promise<T>,
  { advisoryLock }: { advisoryLock?: number } = {},
): Promise<T> {
  const retryable = new Set(['40001', '40P01']);
  for (let attempt = 1; ; attempt += 1) {
    const client = await db.connect();
    try {
      await client.query(advisoryLock === undefined ? 'begin' : `begin; select pg_advisory_xact_lock(${Math.trunc(advisoryLock)})`);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      if (attempt < 5 && retryable.has(pgErrorCode(error) ?? '')) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
