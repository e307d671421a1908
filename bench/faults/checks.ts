import { Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { checkHoldings, type Findings } from '../load/invariants';
import type { Exchange } from './client';
import type { Ledger, Send } from './scenario';
import type { PartName } from './stack';

/** One kill: when the part went, when it was started again, and when the stack answered again. */
export interface Outage {
  part: PartName;
  round: number;
  killedAt: number;
  restartedAt: number;
  /** `/healthz` 200 again (Postgres and Temporal reachable from the API). */
  healthyAt: number | null;
  /** A customer message answered again: the whole path, the worker included. */
  servingAt: number | null;
  /** The round's conversations by state the moment before the kill, and the requests then in flight. */
  before: { states: Record<string, number>; inFlight: Record<string, number> };
}

/** After the drain: every conversation resolved, every acknowledged message stored once, nobody held twice. */
export async function checkRound(db: Pool, ledger: Ledger): Promise<Findings> {
  const ids = ledger.conversationIds;
  const open = await db.query<{ id: string; state: string }>(`select id, state from conversations where id = any ($1::uuid[]) and state <> 'resolved'`, [ids]);
  const holdings = await checkHoldings(db, { conversationIds: ids, messages: new Map() });
  delete holdings['every acknowledged customer message stored exactly once']; // by key, below: a send that never got its 200 may be stored too
  const liveAfterDrain = await db.query<{ conversation_id: string; agent_id: string }>(
    `select conversation_id, agent_id from assignments where conversation_id = any ($1::uuid[]) and ended_at is null`,
    [ids],
  );
  return {
    'every conversation continued to resolution': [
      ...open.rows.map((row) => `${row.id} is still ${row.state} (its client got to: ${ledger.stage.get(row.id) ?? '?'})`),
      ...ledger.gaveUp,
    ],
    'every customer message answered 200 is stored exactly once': await checkSends(db, ids, 'customer', ledger.customerSends),
    'every agent message answered 200 is stored exactly once': await checkSends(db, ids, 'agent', ledger.agentSends),
    ...holdings,
    'no assignment left live after resolution': liveAfterDrain.rows.map((row) => `${row.conversation_id} still held by ${row.agent_id}`),
  };
}

/** By Idempotency-Key: at most one row per key ever sent, and exactly the acknowledged one for a 200. */
async function checkSends(db: Pool, ids: string[], sender: 'customer' | 'agent', sends: Send[]): Promise<string[]> {
  const stored = await db.query<{ id: string; dedupe_key: string; text: string }>(
    `select id, dedupe_key, text from messages where sender = $2 and conversation_id = any ($1::uuid[])`,
    [ids, sender],
  );
  const byKey = new Map<string, Array<{ id: string; text: string }>>();
  for (const row of stored.rows) byKey.set(row.dedupe_key, [...(byKey.get(row.dedupe_key) ?? []), row]);
  const problems: string[] = [];
  const sent = new Set<string>();
  for (const { conversationId, key, text, messageId } of sends) {
    sent.add(`${sender}:${key}`);
    const rows = byKey.get(`${sender}:${key}`) ?? [];
    if (rows.length > 1) problems.push(`${key} of ${conversationId} is stored ${rows.length} times`);
    if (messageId && !(rows.length === 1 && rows[0]!.id === messageId && rows[0]!.text === text)) {
      problems.push(`${key} of ${conversationId} was answered 200 as ${messageId} but is stored as ${JSON.stringify(rows)}`);
    }
  }
  for (const row of stored.rows) if (!sent.has(row.dedupe_key)) problems.push(`a ${sender} message nobody sent: ${row.dedupe_key}`);
  return problems;
}

/** Workflows in the namespace that failed, timed out or were terminated; and conversations' workflows still running. */
export async function checkWorkflows(temporalAddress: string, namespace = 'default'): Promise<Findings> {
  const connection = await Connection.connect({ address: temporalAddress });
  const count = async (query: string) => (await connection.workflowService.countWorkflowExecutions({ namespace, query })).count?.toNumber() ?? 0;
  try {
    const ended: string[] = [];
    for (const status of ['Failed', 'TimedOut', 'Terminated']) {
      const n = await count(`ExecutionStatus = "${status}"`);
      if (n > 0) ended.push(`${n} workflows ${status}`);
    }
    // Visibility trails the close by a moment.
    let running = 0;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      running = await count(`WorkflowType = "conversationWorkflow" AND ExecutionStatus = "Running"`);
      if (running === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    let problems: string[];
    try {
      const n = await count(`TemporalReportedProblems IS NOT NULL AND ExecutionStatus = "Running"`);
      problems = n > 0 ? [`${n} running workflows with failing workflow tasks (TemporalReportedProblems)`] : [];
    } catch (error) {
      problems = [`could not ask: ${String(error).slice(0, 200)}`];
    }
    return {
      'no workflow failed, timed out or was terminated': ended,
      'no conversation workflow still running after the drain': running > 0 ? [`${running} still running`] : [],
      'no workflow task failing': problems,
    };
  } finally {
    await connection.close();
  }
}

/** The answers over the whole run that no outage excuses. */
export function checkExchanges(exchanges: Exchange[], outages: Outage[], firstListening: number): Findings {
  // While the API itself is down, or was just started and not yet listening, a client's connection is refused or cut.
  const apiDown = [
    [0, firstListening] as const,
    ...outages.filter((outage) => outage.part === 'api').map((outage) => [outage.killedAt, (outage.healthyAt ?? Date.now()) + 1_000] as const),
  ];
  const duringApiOutage = (exchange: Exchange) => apiDown.some(([from, to]) => exchange.endedAt >= from && exchange.startedAt <= to);
  const describe = (exchange: Exchange) => `${new Date(exchange.startedAt).toISOString()} ${exchange.route} → ${exchange.outcome}${exchange.detail ? `: ${exchange.detail}` : ''}`;
  return {
    'no 5xx other than 503': exchanges.filter((e) => typeof e.outcome === 'number' && e.outcome >= 500 && e.outcome !== 503).map(describe),
    'every 503 carries Retry-After': exchanges.filter((e) => e.outcome === 503 && !e.retryAfter).map(describe),
    'no request hangs past the 15 s client timeout': exchanges.filter((e) => e.outcome === 'timeout').map(describe),
    'connections refused or cut only while the API is down': exchanges.filter((e) => (e.outcome === 'refused' || e.outcome === 'reset') && !duringApiOutage(e)).map(describe),
  };
}
