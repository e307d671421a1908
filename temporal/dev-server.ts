import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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

/** Runs `temporal server start-dev` with Baton's search attributes registered; its history lives in dataDir. */
export async function startDevServer({ cli, dataDir, namespace, port = 7233, uiPort = 8233 }: DevServerOptions): Promise<DevServer> {
  mkdirSync(dataDir, { recursive: true });
  const address = `127.0.0.1:${port}`;
  const child = spawn(
    cli,
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--ui-port', String(uiPort),
      '--namespace', namespace,
      '--db-filename', path.resolve(dataDir, 'temporal.sqlite'),
      '--log-level', 'error',
      ...searchAttributeFlags(),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
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
        if (child.exitCode !== null) return resolve();
        process.off('exit', killOnExit);
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
