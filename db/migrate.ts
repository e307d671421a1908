import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { withClient } from './pool';

// Any fixed number works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_274_2001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrationsDirectory(): string {
  // Works from the sources (db/) and from the build (dist/db/): walk up to the package root.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'db', 'migrations');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`db/migrations not found above ${__dirname}`);
  }
}

export function readMigrations(directory = migrationsDirectory()): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number.parseInt(file, 10),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(path.join(directory, file), 'utf8'),
    }));
}

/** Applies every migration not applied yet, each in its own transaction. Safe to run twice, and concurrently. */
export async function migrate(db: Pool, migrations = readMigrations()): Promise<string[]> {
  return withClient(db, async (client) => {
    const applied: string[] = [];
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(`create table if not exists schema_migrations (
        version integer primary key, name text not null, applied_at timestamptz not null default now())`);
      const done = await client.query<{ version: number }>('select version from schema_migrations');
      const doneVersions = new Set(done.rows.map((row) => row.version));
      for (const migration of migrations) {
        if (doneVersions.has(migration.version)) continue;
        await client.query('begin');
        try {
          await client.query(migration.sql);
          await client.query('insert into schema_migrations (version, name) values ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
    return applied;
  });
}
