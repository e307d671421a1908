import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded';
import { freePort } from '../config/ports';

/**
 * Runs a command with DATABASE_URL pointing at a fresh embedded PostgreSQL server (the one `npm
 * start` runs, 18), then stops it: `npm run test:postgres18` runs the database tests on it, so the
 * migrations, advisory locks and claim SQL are proven on 18 as well as on CI's Postgres 15.
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error('usage: with-embedded-postgres <command> [args…]');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'baton-pg-'));
  chmodSync(dataDir, 0o755); // as root, the server runs as the postgres user and must enter it
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port });
  process.stdout.write(`embedded PostgreSQL ${server.version} on 127.0.0.1:${port}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, DATABASE_URL: server.connectionString } });
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
