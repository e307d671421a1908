import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `npm start` as a newcomer runs it — embedded Postgres, the Temporal dev server, worker and API — on free ports. */
export interface RunningStack {
  baseUrl: string;
  apiKey: string;
  /** The Temporal dev server's gRPC address. */
  temporalAddress: string;
  /** The process running `npm start` (API and worker in one). */
  pid: number;
  /** Where the worker serves its Temporal SDK metrics (BATON_TEMPORAL_METRICS_ADDRESS). */
  metricsAddress: string;
  databaseUrl: string;
  dataDir: string;
  logFile: string;
  readyAfterMs: number;
  /** SIGTERM, and the exit code once every part has stopped. */
  stop: () => Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startStack(settings: Record<string, string>): Promise<RunningStack> {
  const root = path.resolve(__dirname, '../../..');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'baton-load-'));
  chmodSync(dataDir, 0o755); // as root, the embedded server runs as the postgres user and must enter it
  const logFile = path.join(dataDir, 'npm-start.log');
  const [port, temporalPort, temporalUiPort, postgresPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...settings,
    BATON_DATA_DIR: dataDir,
    PORT: String(port),
    BATON_TEMPORAL_PORT: String(temporalPort),
    BATON_TEMPORAL_UI_PORT: String(temporalUiPort),
    BATON_POSTGRES_PORT: String(postgresPort),
    BATON_TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
  };
  // The embedded defaults, not whatever this shell points at.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.BATON_API_KEY;
  const startedAt = Date.now();
  // BATON_BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the stack under the bench.
  const nodeArgs = process.env.BATON_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/bin/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString('utf8');
      if (output.includes('Baton is running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
    setTimeout(() => reject(new Error(`npm start not ready within 120 s:\n${output}`)), 120_000).unref();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    pid: child.pid!,
    metricsAddress: `127.0.0.1:${metricsPort}`,
    apiKey: readFileSync(path.join(dataDir, 'api-key'), 'utf8').trim(),
    databaseUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postgresPort}/baton`,
    dataDir,
    logFile,
    readyAfterMs: Date.now() - startedAt,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      await new Promise((resolve) => log.end(resolve));
      return code;
    },
  };
}
