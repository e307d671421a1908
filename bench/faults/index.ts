import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { seededRandom, seedOf } from '../../routing/eta/random';
import type { Findings } from '../load/invariants';
import { FaultClient } from './client';
import { checkExchanges, checkRound, checkWorkflows, type Outage } from './checks';
import { summarise, table } from './report';
import { FAULT_AGENTS, agentDesk, createLedger, population, type Floor, type Ledger } from './scenario';
import { FaultStack, PARTS, type PartName, type PortRanges } from './stack';

/**
 * `npm run check:faults`: the stack as production runs it, one process per part, with 50
 * conversations in flight in every state; in each round the worker, the API, the Temporal dev
 * server and PostgreSQL are each killed with SIGKILL at a random moment and started again on the
 * same data and ports, while customers and agents carry on and retry with their keys. After each
 * round every conversation is driven to resolution and the invariants are checked. `--quick` is
 * one round (CI), the default five; `--json` prints the report as JSON. Exits non-zero on any violation.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const QUICK = args.includes('--quick');
const JSON_OUTPUT = args.includes('--json');
const ROUNDS = Number(option('--rounds') ?? (QUICK ? 1 : 5));
const IN_FLIGHT = Number(option('--conversations') ?? 50);
const SEED = option('--seed') ?? '20261215';
const DRAIN_LIMIT_MS = 150_000;
const RECOVERY_LIMIT_MS = 120_000;

const range = (text: string | undefined, fallback: [number, number]): [number, number] => {
  const match = /^(\d+)-(\d+)$/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : fallback;
};
const PORTS: PortRanges = {
  api: range(process.env.FAULTS_API_PORTS, [4000, 4099]),
  temporal: range(process.env.FAULTS_TEMPORAL_PORTS, [7900, 7999]),
  postgres: range(process.env.FAULTS_POSTGRES_PORTS, [56000, 56099]),
};
const SETTINGS = {
  LOG_LEVEL: 'warn',
  // Offers run out and queued conversations re-check the database sooner than by default, so a lost signal shows within the round.
  BATON_OFFER_TIMEOUT_SECONDS: '20',
  BATON_QUEUE_RECHECK_SECONDS: '5',
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = seededRandom(seedOf(`faults-${SEED}`));
const between = (from: number, to: number) => from + random() * (to - from);

function dataDirectory(): string {
  const parent = process.env.FAULTS_DATA_DIR ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, 'baton-faults-'));
  chmodSync(dir, 0o755); // as root, the embedded server runs as the postgres user and must enter it
  return dir;
}

const progress = (text: string) => process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const stack = new FaultStack(dataDirectory(), SETTINGS, PORTS);
  progress(`starting Postgres, Temporal, worker, API as separate processes in ${stack.dataDir}`);
  await stack.start();
  const api = new FaultClient(stack.baseUrl, stack.apiKey);
  const db = new Pool({ connectionString: stack.databaseUrl, max: 3 });
  db.on('error', () => undefined); // the harness's own idle connections die with Postgres too
  const temporalWatch = setInterval(() => stack.checkTemporalAlive(), 1_000);
  const outages: Outage[] = [];
  let firstHealthy = 0;
  const rounds: Array<{ round: number; findings: Findings; counts: Ledger['counts']; conversations: number; seconds: number }> = [];
  let exitCode = 1;
  try {
    firstHealthy = await untilHealthy(api, Date.now());
    progress(`stack healthy after ${((firstHealthy - startedAt) / 1000).toFixed(1)} s; ${stack.baseUrl}`);
    for (const agent of FAULT_AGENTS) {
      const created = await api.persist('POST', '/v1/agents', { ...agent, status: 'available' });
      if (created.status >= 300) throw new Error(`could not create ${agent.id}: ${created.status} ${JSON.stringify(created.body)}`);
    }

    for (let round = 1; round <= ROUNDS; round += 1) {
      const roundStartedAt = Date.now();
      const ledger = createLedger();
      const floor: Floor = { api, ledger, random, opening: true, deadline: Number.POSITIVE_INFINITY };
      let desksDone = false;
      const desks = FAULT_AGENTS.map((agent) => agentDesk(floor, agent.id, () => desksDone));
      const conversations = population(floor, round, IN_FLIGHT);
      const probes: Array<Promise<unknown>> = [];
      await pause(10_000); // the conversations spread over the states
      for (const part of PARTS) {
        await pause(between(3_000, 8_000));
        const outage = await killAndRecover(stack, api, db, ledger, probes, part, round);
        outages.push(outage);
        progress(
          `round ${round}: ${part} killed with ${describeStates(outage.before.states)} in flight; ` +
            `healthz ${outage.healthyAt ? `${((outage.healthyAt - outage.restartedAt) / 1000).toFixed(1)} s` : 'never'}, ` +
            `serving ${outage.servingAt ? `${((outage.servingAt - outage.restartedAt) / 1000).toFixed(1)} s` : 'never'} after restart`,
        );
        await pause(2_000);
      }
      progress(`round ${round}: every part killed once; driving every conversation to resolution`);
      floor.opening = false;
      floor.deadline = Date.now() + DRAIN_LIMIT_MS;
      await conversations;
      await Promise.all(probes);
      desksDone = true;
      await Promise.all(desks);
      const findings = { ...(await checkRound(db, ledger)), ...(await checkWorkflows(stack.temporalAddress)) };
      const seconds = Math.round((Date.now() - roundStartedAt) / 1000);
      rounds.push({ round, findings, counts: { ...ledger.counts }, conversations: ledger.conversationIds.length, seconds });
      const violated = Object.entries(findings).filter(([, problems]) => problems.length > 0).map(([name]) => name);
      progress(`round ${round} done in ${seconds} s: ${ledger.conversationIds.length} conversations; ${violated.length === 0 ? 'every invariant held' : `VIOLATED: ${violated.join('; ')}`}`);
    }

    const invariants: Findings = {};
    for (const { round, findings } of rounds) {
      for (const [name, problems] of Object.entries(findings)) invariants[name] = [...(invariants[name] ?? []), ...problems.map((p) => `round ${round}: ${p}`)];
    }
    Object.assign(invariants, checkExchanges(api.exchanges, outages, firstHealthy), { 'no part exited without being killed': stack.unexpectedExits });
    const parts = summarise(outages, api.exchanges);
    const report = {
      run: { rounds: ROUNDS, inFlight: IN_FLIGHT, agents: FAULT_AGENTS.length, capacityEach: 2, seed: SEED, seconds: Math.round((Date.now() - startedAt) / 1000), dataDir: stack.dataDir },
      parts,
      statesAtKills: outages.map((o) => ({ round: o.round, part: o.part, ...o.before })),
      rounds: rounds.map(({ round, counts, conversations, seconds }) => ({ round, conversations, seconds, ...counts })),
      requests: tally(api.exchanges.map((e) => String(e.outcome))),
      invariants: Object.fromEntries(Object.entries(invariants).map(([name, problems]) => [name, problems.length === 0 ? 'held' : problems])),
    };
    const failed = Object.values(invariants).some((problems) => problems.length > 0);
    if (JSON_OUTPUT) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(
        table(parts, invariants, [
          `check:faults — ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, each killing worker, API, Temporal dev server and PostgreSQL once with SIGKILL; ` +
            `${IN_FLIGHT} conversations in flight, ${report.rounds.reduce((n, r) => n + r.conversations, 0)} in all; ${report.run.seconds} s`,
          `requests: ${Object.entries(report.requests).map(([k, v]) => `${k}:${v}`).join(' ')}`,
        ]),
      );
    }
    process.stdout.write(failed ? `fault check FAILED (logs in ${stack.dataDir})\n` : 'fault check passed: every invariant held\n');
    exitCode = failed ? 1 : 0;
  } finally {
    clearInterval(temporalWatch);
    await db.end().catch(() => undefined);
    await stack.stop();
  }
  process.exit(exitCode);
}

/** Kills the part, leaves it down a moment, starts it again, and times the way back. */
async function killAndRecover(stack: FaultStack, api: FaultClient, db: Pool, ledger: Ledger, probes: Array<Promise<unknown>>, part: PartName, round: number): Promise<Outage> {
  const before = await snapshot(db, ledger, api);
  const killedAt = Date.now();
  await stack.kill(part);
  let restartedAt = Number.POSITIVE_INFINITY;
  // /healthz is asked all along, so its answers during the outage are counted (and must carry Retry-After).
  const healthy = untilHealthy(api, killedAt, () => restartedAt);
  await pause(between(1_000, 3_000));
  restartedAt = Date.now();
  await stack.startPart(part);
  const serving = untilServing(api, ledger, probes, `r${round}-${part}`);
  const [healthyAt, servingAt] = await Promise.all([healthy, serving]);
  return { part, round, killedAt, restartedAt, healthyAt, servingAt, before };
}

async function untilHealthy(api: FaultClient, from: number, after: () => number = () => 0): Promise<number> {
  while (Date.now() - from < RECOVERY_LIMIT_MS) {
    const reply = await api.call('GET', '/healthz');
    if (reply.status === 200 && Date.now() >= after()) return Date.now();
    await pause(200);
  }
  throw new Error(`/healthz not 200 within ${RECOVERY_LIMIT_MS} ms`);
}

/** A new conversation's first message answered 200, its retries with the same keys; the probe is resolved later and checked like the rest. */
async function untilServing(api: FaultClient, ledger: Ledger, probes: Array<Promise<unknown>>, tag: string): Promise<number | null> {
  const created = await api.persist('POST', '/v1/conversations', { customer: { id: `faults-probe-${tag}`, locale: 'en' }, channel: 'web' }, { 'Idempotency-Key': `faults-probe-${tag}` }, RECOVERY_LIMIT_MS);
  if (created.status !== 201) return null;
  const id = created.body.id as string;
  ledger.conversationIds.push(id);
  ledger.stage.set(id, 'probe');
  const send = { conversationId: id, key: `faults-probe-message-${tag}`, text: 'Where is my order?', messageId: null as string | null };
  ledger.customerSends.push(send);
  const reply = await api.persist('POST', `/v1/conversations/${id}/messages`, { text: send.text }, { 'Idempotency-Key': send.key }, RECOVERY_LIMIT_MS);
  if (reply.status !== 200) return null;
  const servingAt = Date.now();
  send.messageId = reply.body.messageId as string;
  probes.push(api.persist('POST', `/v1/conversations/${id}/resolve`, {}).then((closed) => ledger.stage.set(id, closed.status === 200 ? 'resolved' : `probe resolve: ${closed.outcome}`)));
  return servingAt;
}

/** The round's conversations by state (an offer apart from an accepted one) and the requests in flight, just before a kill. */
async function snapshot(db: Pool, ledger: Ledger, api: FaultClient): Promise<Outage['before']> {
  const rows = await db
    .query<{ state: string; n: number }>(
      `select case when c.state = 'agent_assigned' and a.accepted_at is null then 'offered' when c.state = 'agent_assigned' then 'agent_assigned' else c.state end as state, count(*)::int as n
         from conversations c left join assignments a on a.conversation_id = c.id and a.ended_at is null
        where c.id = any ($1::uuid[]) group by 1 order by 1`,
      [ledger.conversationIds],
    )
    .then((result) => result.rows)
    .catch(() => []);
  const inFlight = Object.fromEntries([...api.inFlight].filter(([, n]) => n > 0));
  const resolving = [...api.inFlight].filter(([route, n]) => route.endsWith('/resolve') && n > 0).reduce((sum, [, n]) => sum + n, 0);
  return { states: { ...Object.fromEntries(rows.map((row) => [row.state, row.n])), 'being resolved': resolving }, inFlight };
}

const describeStates = (states: Record<string, number>) =>
  `${Object.entries(states).filter(([state]) => state !== 'resolved').map(([state, n]) => `${state} ${n}`).join(', ')} (and ${states.resolved ?? 0} resolved)`;
const tally = (values: string[]) => Object.fromEntries([...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b)));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
