import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from '../workflows/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop: () => Promise<void>;
}

export interface DevServerOptions {
  cli: string;
  dataDir: string;
  namespace: string;
  port?: number;
  uiPort?: number;
  /** Where the Web UI decodes payloads (the API's `/codec`), so it shows what the codec encrypted. */
  codecEndpoint?: string;
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`temporal dev server not serving on ${address}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Runs `temporal server start-dev` with Baton's search attributes registered; its history lives in
 * dataDir. The server runs in a process group of its own, so a Ctrl-C reaches `npm start` alone,
 * which stops the parts in order; its pid is kept so a server orphaned by a `kill -9` is stopped
 * by the next start instead of holding the ports.
 */
export async function startDevServer({ cli, dataDir, namespace, port = 7233, uiPort = 8233, codecEndpoint }: DevServerOptions): Promise<DevServer> {
  mkdirSync(dataDir, { recursive: true });
  const dbFile = path.resolve(dataDir, 'temporal.sqlite');
  const pidFile = path.resolve(dataDir, 'temporal.pid');
  await stopLeftoverDevServer(dataDir);
  const address = `127.0.0.1:${port}`;
  const child = spawn(
    cli,
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--ui-port', String(uiPort),
      '--namespace', namespace,
      '--db-filename', dbFile,
      // A write-ahead log, synced at checkpoints: a write no longer waits for its own fsync, and a
      // killed process still loses nothing (only a power cut could take the last moments).
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
      '--log-level', 'error',
      // A workflow task failing twice running marks the workflow (TemporalReportedProblems), so the
      // README's stuck-handoff query finds it.
      '--dynamic-config-value', 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=2',
      ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  if (child.pid !== undefined) writeFileSync(pidFile, `${child.pid}\n`);
  // If this process dies without stopping the server, the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitUntilServing(address, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    stop: () =>
      new Promise((resolve) => {
        process.off('exit', killOnExit);
        const done = () => {
          rmSync(pidFile, { force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Stops a dev server an earlier start left running on this data directory, if its pid is still one. */
export async function stopLeftoverDevServer(dataDir: string): Promise<void> {
  const dbFile = path.resolve(dataDir, 'temporal.sqlite');
  const pidFile = path.resolve(dataDir, 'temporal.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  rmSync(pidFile, { force: true });
  let commandLine: string[];
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return; // gone, or no /proc to tell whose it is
  }
  if (!commandLine.includes('start-dev') || !commandLine.includes(dbFile)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
