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
 * Runs `work` on a client of its own, returned to the pool after. A checked-out client whose server
 * goes away between two queries emits 'error', and an 'error' nobody hears ends the process (seen
 * when the fault check killed Postgres: the worker exited by itself); here it is heard, the query
 * that follows fails, and the broken connection is dropped rather than returned to the pool.
 */
export async function withClient<T>(db: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  const heard = (error: Error) => {
    broken = error;
  };
  client.on('error', heard);
  try {
    return await work(client);
  } finally {
    client.off('error', heard);
    client.release(broken);
  }
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
    const outcome = await withClient(db, async (client): Promise<{ result: T } | { retry: true }> => {
      try {
        // One round trip: multi-statement text, each statement with its own snapshot.
        const opened = (await client.query([...opening, ...(prelude ? [prelude] : [])].join('; '))) as unknown as QueryResult | QueryResult[];
        const result = await work(client, Array.isArray(opened) ? opened.slice(opening.length) : []);
        await client.query('commit');
        return { result };
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        if (attempt < 5 && retryable.has(pgErrorCode(error) ?? '')) return { retry: true };
        throw error;
      }
    });
    if ('result' in outcome) return outcome.result;
  }
}

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
