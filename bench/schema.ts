import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { migrate } from '../db/migrate';
import { createPool, quoteIdentifier } from '../db/pool';

/**
 * Runs a benchmark in a migrated schema of its own on DATABASE_URL (default the local server),
 * dropped afterwards — unless BENCH_KEEP_SCHEMA is set, to look at query plans.
 */
export async function inBenchSchema<T>(work: (db: Pool) => Promise<T>): Promise<T> {
  const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ connectionString, max: 1 });
  await admin.query(`create schema ${quoteIdentifier(schema)}`);
  const db = createPool({ connectionString, max: 4, schema });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.end();
    if (process.env.BENCH_KEEP_SCHEMA) process.stderr.write(`kept schema ${schema}\n`);
    else await admin.query(`drop schema ${quoteIdentifier(schema)} cascade`);
    await admin.end();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** p50, p99 and max of timings in milliseconds, to two decimals. */
export function timingStats(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (value: number) => Number(value.toFixed(2));
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}
