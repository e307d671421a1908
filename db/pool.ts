import { Pool, type PoolClient, type QueryResult } from 'pg';
import type { Queryable } from './queryable';

/** Where the pool reports an idle client's error. The services' pino logger fits. */
export interface PoolLogger {
  warn(fields: { err: Error }, message: string): void;
}

/** Without a logger, the pool still says so, on stderr. */
const consoleLogger: PoolLogger = {
  warn: ({ err }, message) => console.warn(`${message}: ${err.message}`),
};

export interface PoolOptions {
  connectionString: string;
  max?: number;
  /** Run every query in this schema (each test run gets its own). */
  schema?: string;
  /** Where an idle client's error is logged; stderr when not given. */
  logger?: PoolLogger;
}

export function createPool({ connectionString, max = 10, schema, logger = consoleLogger }: PoolOptions): Pool {
  const pool = new Pool({
    connectionString,
    max,
    options: schema ? `-c search_path=${quoteIdentifier(schema)}` : undefined,
  });
  // An idle client that loses its server must not crash the process, and the next query
  // reconnects; but the loss is logged, so a database going away is seen before queries fail.
  pool.on('error', (err) => logger.warn({ err }, 'idle Postgres client failed; the pool drops it and reconnects on the next query'));
  return pool;
}

/** Whether the database answers: for the health check. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('select 1');
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
