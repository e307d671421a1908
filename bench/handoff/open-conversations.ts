import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { percentile, type LoadClient } from '../load/client';
import type { RunningStack } from '../load/stack';

export interface OpenConversationsFigures {
  count: number;
  failed: number;
  workerRssMb: number;
  serverRssMb: number;
  idleActivitiesPerSecond: number;
  idleDbQueriesPerSecond: number;
  getQueuedConversationP99Ms: number;
  /** How long opening them all took, and the quiet spell after: the spell holds every first reminder only when it is longer than the reminder and the opening shorter. */
  openingSeconds: number;
  quietSeconds: number;
}

const rssMb = (pid: number): number => {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
};

/** The Temporal dev server `npm start` runs: a process whose command line is `temporal server start-dev` on this data directory. */
function temporalServerPid(dataDir: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('start-dev') && cmdline.some((part) => part.startsWith(dataDir))) return Number(entry);
    } catch {
      // Gone while being read.
    }
  }
  return null;
}

/** Transactions Postgres committed or rolled back on Baton's database: every autocommitted query is one. */
async function databaseTransactions(db: Pool): Promise<number> {
  const result = await db.query<{ n: string }>(`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`);
  return Number(result.rows[0]!.n);
}

/** Activities the worker ran, remote and local, from its Temporal SDK metrics (BATON_TEMPORAL_METRICS_ADDRESS). */
async function activitiesRun(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (/^temporal_(local_)?activity_execution_latency(_seconds|_milliseconds)?_count\b/.test(line)) total += Number(line.trim().split(/\s+/).at(-1));
  }
  return total;
}

/** Runs `count` jobs, `width` at a time. */
async function inParallel(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < count; i = next++) await job(i);
    }),
  );
}

/**
 * Ten thousand conversations open at once — half with the bot, half queued with no agent free —
 * then a quiet spell: memory of the worker and the server, and the background load idle
 * conversations cause (activities and queries per second), and how fast a queued one reads.
 */
export async function openConversations(
  stack: RunningStack,
  client: LoadClient,
  db: Pool,
  { bot, queued, idleSeconds }: { bot: number; queued: number; idleSeconds: number },
  say: (line: string) => void,
): Promise<OpenConversationsFigures> {
  // No agent is free: whatever escalates waits.
  await db.query(`update agents set status = 'offline'`);
  const queuedIds: string[] = [];
  let failed = 0;
  const startedAt = performance.now();
  await inParallel(bot + queued, 16, async (i) => {
    const created = await client.call('POST', '/v1/conversations', { customer: { id: `bench-open-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' });
    if (created.status !== 201) {
      failed += 1;
      return;
    }
    const id = created.body.id as string;
    const step = i < bot ? await client.call('POST', `/v1/conversations/${id}/messages`, { text: '你好' }) : await client.call('POST', `/v1/conversations/${id}/handoff`, {});
    if (step.status !== 200) failed += 1;
    else if (i >= bot) queuedIds.push(id);
    if ((i + 1) % 1000 === 0) say(`  ${i + 1} conversations open (${Math.round((i + 1) / ((performance.now() - startedAt) / 1000))}/s)`);
  });
  // Settled: every escalated conversation is in the queue.
  for (let settled = 0; settled < queuedIds.length; ) {
    settled = Number((await db.query<{ n: string }>(`select count(*) as n from conversations where state = 'queued'`)).rows[0]!.n);
    if (settled < queuedIds.length) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const openingSeconds = Math.round((performance.now() - startedAt) / 1000);
  say(`  ${bot + queued - failed} open in ${openingSeconds} s; quiet for ${idleSeconds} s…`);
  const metricsUrl = `http://${stack.metricsAddress}/metrics`;
  const [activitiesBefore, queriesBefore] = [await activitiesRun(metricsUrl), await databaseTransactions(db)];
  const idleStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const elapsed = (performance.now() - idleStart) / 1000;
  const [activitiesAfter, queriesAfter] = [await activitiesRun(metricsUrl), await databaseTransactions(db)];
  const serverPid = temporalServerPid(stack.dataDir);

  const reads: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const id = queuedIds[(i * 7919) % queuedIds.length]!;
    const sentAt = performance.now();
    const reply = await client.call('GET', `/v1/conversations/${id}`);
    if (reply.status === 200) reads.push(performance.now() - sentAt);
  }
  const temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const failedWorkflows = (await temporal.workflow.count('ExecutionStatus = "Failed" OR ExecutionStatus = "TimedOut"')).count;
  await temporal.connection.close();
  return {
    count: bot + queued - failed,
    failed: failed + failedWorkflows + client.failures.length,
    workerRssMb: rssMb(stack.pid),
    serverRssMb: serverPid ? rssMb(serverPid) : Number.NaN,
    // Less the bench's own two reads of the counters.
    idleActivitiesPerSecond: Math.round(((activitiesAfter - activitiesBefore) / elapsed) * 100) / 100,
    idleDbQueriesPerSecond: Math.round(((queriesAfter - queriesBefore - 2) / elapsed) * 100) / 100,
    getQueuedConversationP99Ms: Math.round(percentile(reads, 99) * 100) / 100,
    openingSeconds,
    quietSeconds: Math.round(elapsed),
  };
}
