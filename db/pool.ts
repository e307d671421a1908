import { Pool, type PoolClient, type QueryResult } from 'pg';

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
 * round trip as `begin`; so does `prelude` (trusted SQL without parameters, which may be several
 * statements), whose results `work` receives.
 */
export async function inTransaction<T>(
  db: Pool,
  work: (client: PoolClient, prelude: QueryResult[]) => Promise<T>,
  { advisoryLock, prelude }: { advisoryLock?: number; prelude?: string } = {},
): Promise<T> {
  const retryable = new Set(['40001', '40P01']);
  const opening = ['begin', ...(advisoryLock === undefined ? [] : [`select pg_advisory_xact_lock(${Math.trunc(advisoryLock)})`])];
  for (let attempt = 1; ; attempt += 1) {
    const client = await db.connect();
    try {
      // One round trip: multi-statement text, each statement with its own snapshot.
      const opened = (await client.query([...opening, ...(prelude ? [prelude] : [])].join('; '))) as unknown as QueryResult | QueryResult[];
      const result = await work(client, Array.isArray(opened) ? opened.slice(opening.length) : []);
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
