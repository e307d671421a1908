import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { saveAgentProfile } from '../../db/agents';
import { createConversation } from '../../db/conversations';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { offerWaitingTo } from '../../routing/claims';
import type { conversationWorkflow } from '../../workflows/conversation';
import { conversationViewQuery, conversationWorkflowId, handoffUpdate } from '../../workflows/definitions';
import { testEnv } from '../support/test-env';
import { eventually, testCodecKeys, testDataConverter } from '../support/temporal';

const root = path.resolve(__dirname, '../..');
const taskQueue = `baton-kill-${randomUUID()}`;

function startWorker(): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'dist', 'worker', 'main.js')], {
    cwd: root,
    env: { ...process.env, TEMPORAL_ADDRESS: testEnv('temporalAddress'), DATABASE_URL: testEnv('databaseUrl'), TEMPORAL_TASK_QUEUE: taskQueue, BATON_CODEC_KEYS: testCodecKeys(), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

let db: Pool;
let client: Client;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // The worker process migrates the run's database (its default schema); this test reads it too.
  db = createPool({ connectionString: testEnv('databaseUrl'), max: 2 });
  // The worker process migrates too; the advisory lock makes the two safe together.
  await migrate(db);
  client = new Client({ connection: await Connection.connect({ address: testEnv('temporalAddress') }), dataConverter: testDataConverter() });
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await client.connection.close();
  await db.end();
});

describe('a worker killed between the database claim and the workflow learning of it', () => {
  it('loses nothing and doubles nothing: a new worker finds the claim and the conversation is assigned once', async () => {
    workers.push(startWorker());
    const conversationId = randomUUID();
    await createConversation(db, {
      id: conversationId,
      customer: { id: `c-${randomUUID()}`, name: null, phone: null, email: null, locale: 'en' },
      channel: 'telegram',
      metadata: {},
      idempotencyKey: null,
      requestHash: null,
    });
    const handle = await client.workflow.start<typeof conversationWorkflow>('conversationWorkflow', {
      workflowId: conversationWorkflowId(conversationId),
      taskQueue,
      args: [{
        conversation: { conversationId, channel: 'telegram', locale: 'en', waitPolicy: { reminderSeconds: 60, callbackOfferSeconds: 600 }, offerPolicy: { timeoutSeconds: 30, awayAfterMissed: 3 } },
        settings: { queueRecheckSeconds: 1 },
      }],
    });
    expect((await handle.executeUpdate(handoffUpdate, { args: [{ trigger: 'menu', reason: null }] })).state).toBe('queued');

    // The claim is committed; the worker dies before any workflow hears of it.
    const agentId = `agent-${randomUUID()}`;
    await saveAgentProfile(db, { id: agentId, name: 'Kim', skills: [{ name: 'general', level: 1 }], capacity: 2, languages: [], channels: ['telegram'], status: 'available' });
    expect(await offerWaitingTo(db, agentId)).toEqual([{ conversationId, agentId, accepted: false }]);
    workers[0]!.kill('SIGKILL');
    await new Promise((resolve) => workers[0]!.once('exit', resolve));

    workers.push(startWorker());
    const view = await eventually(async () => {
      const current = await handle.query(conversationViewQuery);
      return current.state === 'agent_assigned' ? current : undefined;
    }, 45_000);
    expect(view.agentId).toBe(agentId);
    const live = await db.query('select agent_id from assignments where conversation_id = $1 and ended_at is null', [conversationId]);
    expect(live.rows).toEqual([{ agent_id: agentId }]);
    expect((await db.query('select load from agents where id = $1', [agentId])).rows[0].load).toBe(1);
    expect((await db.query('select count(*)::int as n from queue_entries where conversation_id = $1', [conversationId])).rows[0].n).toBe(0);
  }, 90_000);
});
