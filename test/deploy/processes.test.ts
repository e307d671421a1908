import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import Long from 'long';
import { ensureSearchAttributes } from '../../temporal/search-attributes-setup';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { freePort } from '../../config/ports';
import { testEnv } from '../support/test-env';
import { eventually, testCodecKeys } from '../support/temporal';

const root = path.resolve(__dirname, '../..');

function run(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'dist', script)], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('the production processes (npm run api, npm run worker)', () => {
  it('serve the conversation path against TEMPORAL_ADDRESS and DATABASE_URL, and stop on SIGTERM', async () => {
    const port = await freePort();
    const apiKey = randomBytes(16).toString('hex');
    const env = {
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      DATABASE_URL: testEnv('databaseUrl'),
      TEMPORAL_TASK_QUEUE: `baton-processes-${randomUUID()}`,
      BATON_API_KEY: apiKey,
      BATON_CODEC_KEYS: testCodecKeys(),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const worker = run('worker/main.js', env);
    const api = run('api/main.js', env);
    try {
      const base = `http://127.0.0.1:${port}`;
      await eventually(async () => ((await fetch(`${base}/healthz`).catch(() => null))?.ok ? true : undefined), 30_000);
      const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
      const response = await fetch(`${base}/v1/conversations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ customer: { id: 'p-1' }, channel: 'sms' }),
      });
      const created = (await response.json()) as { id: string };
      const turn = await fetch(`${base}/v1/conversations/${created.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: '人工客服' }) });
      expect(await turn.json()).toMatchObject({ state: 'queued' });
    } finally {
      api.kill('SIGTERM');
      worker.kill('SIGTERM');
    }
    expect(await exited(api)).toBe(0);
    expect(await exited(worker)).toBe(0);
  });
});

describe('registering search attributes', () => {
  it('adds the missing ones to a namespace, and nothing the second time', async () => {
    const connection = await Connection.connect({ address: testEnv('temporalAddress') });
    const namespace = `baton-sa-${randomBytes(4).toString('hex')}`;
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) } });
      await eventually(async () => (await connection.workflowService.describeNamespace({ namespace })) ? true : undefined);
      expect((await ensureSearchAttributes(connection, namespace)).sort()).toEqual(SEARCH_ATTRIBUTES.map((key) => key.name).sort());
      expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
