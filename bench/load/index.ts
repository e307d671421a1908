import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { LoadClient, percentile } from './client';
import { checkHoldings, checkNobodyStranded, checkPositions, checkPositionsOverApi, errorLines, type Findings } from './invariants';
import { AGENTS, agentDesk, createCounts, fillWaitingRoom, runCustomers, type Acknowledged, type AgentMode } from './scenario';
import { startStack } from './stack';

/**
 * `npm run check:load`: the stack exactly as `npm start` runs it (embedded PostgreSQL, Temporal dev
 * server, worker, API), driven over HTTP by concurrent customers while agents come and go; then
 * every invariant is checked in the database and over the API. Exits non-zero if one fails.
 */
const CONVERSATIONS = Number(process.env.LOAD_CONVERSATIONS ?? 200);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 20);
const WAITING_ROOM = 30;
const DRAIN_LIMIT_MS = 120_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const startedAt = Date.now();
  const stack = await startStack({ BATON_OFFER_TIMEOUT_SECONDS: '5', BATON_QUEUE_RECHECK_SECONDS: '10', LOG_LEVEL: 'info' });
  const api = new LoadClient(stack.baseUrl, stack.apiKey);
  const db = new Pool({ connectionString: stack.databaseUrl, max: 4 });
  const findings: Findings = {};
  const record = (more: Findings) => Object.assign(findings, more);
  let exitCode: number | null = null;
  try {
    for (const agent of AGENTS) await api.call('POST', '/v1/agents', { ...agent, status: 'available' });
    const counts = createCounts();
    const acknowledged: Acknowledged = { conversationIds: [], messages: new Map() };
    const mode: AgentMode = { draining: false, stopped: false };

    const loadStartedAt = Date.now();
    const desks = AGENTS.map((agent) => agentDesk(api, agent.id, mode, counts));
    await runCustomers(api, CONVERSATIONS, CLIENTS, counts, acknowledged);
    const loadSeconds = (Date.now() - loadStartedAt) / 1000;

    // Everybody away: the queue stands still, and its positions can be read in one snapshot.
    mode.stopped = true;
    await Promise.all(desks);
    for (const agent of AGENTS) await api.call('PUT', `/v1/agents/${agent.id}/status`, { status: 'away' });
    await untilQuiet(db, "select count(*)::int as n from assignments where ended_at is null and accepted_at is null");
    const waitingRoom = await fillWaitingRoom(api, CONVERSATIONS, WAITING_ROOM, counts, acknowledged);
    await untilQuiet(db, "select count(*)::int as n from conversations where state = 'escalation_pending'");
    const positions = await checkPositions(db);
    record(positions.findings);
    record(await checkPositionsOverApi(api, db, positions.standing));
    record(await checkHoldings(db, acknowledged));

    // Everybody back, taking everything: the queue drains.
    const drain: AgentMode = { draining: true, stopped: false };
    const drainStartedAt = Date.now();
    const drainingDesks = AGENTS.map((agent) => agentDesk(api, agent.id, drain, counts));
    while (Date.now() - drainStartedAt < DRAIN_LIMIT_MS) {
      const open = await db.query<{ n: number }>(
        `select count(*)::int as n from conversations where id = any ($1::uuid[]) and state in ('escalation_pending', 'queued', 'agent_assigned')`,
        [acknowledged.conversationIds],
      );
      if (open.rows[0]!.n === 0) break;
      await pause(500);
    }
    drain.stopped = true;
    await Promise.all(drainingDesks);
    const drainSeconds = (Date.now() - drainStartedAt) / 1000;
    record(await checkNobodyStranded(db));
    record(await checkHoldings(db, acknowledged));
    const states = await db.query<{ state: string; outcome: string | null; n: number }>(
      `select state, outcome, count(*)::int as n from conversations where id = any ($1::uuid[]) group by 1, 2 order by 1, 2`,
      [acknowledged.conversationIds],
    );
    const unfinished = states.rows.filter((row) => row.state !== 'resolved').reduce((sum, row) => sum + row.n, 0);
    record({ 'every conversation ends resolved': unfinished > 0 ? [`${unfinished} conversations not resolved after draining`] : [] });
    record({ 'no request failed or hung': api.failures });

    await db.end();
    exitCode = await stack.stop();
    record({ 'npm start stops cleanly on SIGTERM': exitCode === 0 ? [] : [`exit code ${exitCode}`] });
    const log = readFileSync(stack.logFile, 'utf8');
    record({ 'no error in the worker and API log': errorLines(log).slice(0, 20) });

    const report = {
      stack: `npm start (embedded PostgreSQL, Temporal dev server, worker, API), ready in ${(stack.readyAfterMs / 1000).toFixed(1)} s`,
      load: { conversations: CONVERSATIONS, clients: CLIENTS, waitingRoom: WAITING_ROOM, agents: AGENTS.length, capacityEach: 3, seconds: round(loadSeconds) },
      counts,
      waitingRoom: { askedWhileNobodyOnDuty: waitingRoom.length, waitingAtSnapshot: positions.standing.size },
      drainSeconds: round(drainSeconds),
      endStates: Object.fromEntries(states.rows.map((row) => [`${row.state}${row.outcome ? `/${row.outcome}` : ''}`, row.n])),
      requests: Object.fromEntries([...api.statuses].sort(([a], [b]) => a - b).map(([status, n]) => [String(status), n])),
      latencyMs: Object.fromEntries(
        [...api.timings]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([route, list]) => [route, { n: list.length, p50: round(percentile(list, 50)), p95: round(percentile(list, 95)), p99: round(percentile(list, 99)), max: round(Math.max(...list)) }]),
      ),
      invariants: Object.fromEntries(Object.entries(findings).map(([name, problems]) => [name, problems.length === 0 ? 'held' : problems])),
      totalSeconds: round((Date.now() - startedAt) / 1000),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const failed = Object.values(findings).some((problems) => problems.length > 0);
    process.stdout.write(failed ? `load check FAILED (log: ${stack.logFile})\n` : 'load check passed: every invariant held\n');
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (exitCode === null) {
      await db.end().catch(() => undefined);
      await stack.stop();
    }
  }
}

async function untilQuiet(db: Pool, countSql: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if ((await db.query<{ n: number }>(countSql)).rows[0]!.n === 0) return;
    await pause(250);
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
