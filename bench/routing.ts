import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { claimAgentFor, offerWaitingTo } from '../routing/claims';
import { inBenchSchema, timingStats } from './schema';

/**
 * `npm run bench:routing`: how long one claim decision takes with 10,000 agents and 100,000
 * waiting conversations, on Postgres (see inBenchSchema). Two decisions: a conversation escalating claims the best agent
 * (`claimAgentFor`), and an agent freeing a slot takes the best waiting conversation
 * (`offerWaitingTo`). Each includes its whole transaction.
 */
const AGENTS = 10_000;
const WAITING = 100_000;
const SKILLS = 20;
const SAMPLES = 1_000;


async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  await inBenchSchema(async (db) => {
    const setupStarted = performance.now();
    // Agents: up to three skills each, levels 1–5, capacity 1–5, nearly full so choices are real.
    await db.query(`insert into agents (id, name, capacity, load, status, languages, channels)
      select 'a' || g, 'Agent ' || g, c, greatest(0, c - 1 - (g % 2)), case when g % 10 < 8 then 'available' else 'away' end,
             case when g % 3 = 0 then '{zh}'::text[] else '{}'::text[] end, '{}'::text[]
        from generate_series(1, ${AGENTS}) g, lateral (select 1 + (g % 5) as c) cap`);
    await db.query(`insert into agent_skills (agent_id, skill, level)
      select distinct on (a, s) 'a' || a, 'skill-' || s, 1 + ((a * 7 + s) % 5)
        from generate_series(1, ${AGENTS}) a, lateral (select (a * k * 13) % ${SKILLS} as s from generate_series(1, 3) k) skills`);
    await db.query(`insert into customers (id) values ('bench-customer')`);
    await db.query(`insert into conversations (id, customer_id, channel, state)
      select gen_random_uuid(), 'bench-customer', 'web', 'queued' from generate_series(1, ${WAITING})`);
    await db.query(`insert into queue_entries (conversation_id, skill, min_level, priority, language, channel, enqueued_at)
      select id, 'skill-' || (abs(hashtext(id::text)) % ${SKILLS}), 1 + abs(hashtext(id::text || 'l')) % 3, abs(hashtext(id::text || 'p')) % 4,
             case when abs(hashtext(id::text || 'z')) % 2 = 0 then 'zh' else null end, 'web',
             now() - make_interval(secs => abs(hashtext(id::text || 't')) % 7200)
        from conversations`);
    await db.query('analyze');
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // A conversation escalates and claims the best agent (or joins the queue).
    const escalating: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const id = randomUUID();
      await db.query(`insert into conversations (id, customer_id, channel) values ($1, 'bench-customer', 'web')`, [id]);
      const requirement = { skill: `skill-${i % SKILLS}`, minLevel: 1 + (i % 3), priority: i % 4, language: i % 2 ? 'zh' : null };
      const started = performance.now();
      await claimAgentFor(db, { conversationId: id, requirement, channel: 'web' });
      escalating.push(performance.now() - started);
    }

    // An agent frees a slot and takes the best waiting conversation it fits.
    const freeing: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const agentId = `a${1 + ((i * 7919) % AGENTS)}`;
      await db.query(`update agents set status = 'available', load = capacity - 1 where id = $1`, [agentId]);
      const started = performance.now();
      await offerWaitingTo(db, agentId);
      freeing.push(performance.now() - started);
    }
    // The machine's own noise in the same run: a bare round trip, and a write transaction that commits.
    const roundTrip: number[] = [];
    const emptyCommit: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      let started = performance.now();
      await db.query('select 1');
      roundTrip.push(performance.now() - started);
      started = performance.now();
      await db.query(`update agents set updated_at = now() where id = 'a1'`);
      emptyCommit.push(performance.now() - started);
    }
    const waitingNow = Number((await db.query('select count(*) as n from queue_entries')).rows[0].n);
    const result = {
      agents: AGENTS,
      waitingAtStart: WAITING,
      waitingAtEnd: waitingNow,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      escalationClaimMs: timingStats(escalating),
      agentFreedClaimMs: timingStats(freeing),
      roundTripMs: timingStats(roundTrip),
      committedWriteMs: timingStats(emptyCommit),
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(`Routing claims with ${AGENTS} agents and ${WAITING} waiting conversations (${SAMPLES} samples each)\n`);
      process.stdout.write(`  conversation escalates, claims best agent: p50 ${result.escalationClaimMs.p50} ms  p99 ${result.escalationClaimMs.p99} ms  max ${result.escalationClaimMs.max} ms\n`);
      process.stdout.write(`  agent frees a slot, takes best waiting:     p50 ${result.agentFreedClaimMs.p50} ms  p99 ${result.agentFreedClaimMs.p99} ms  max ${result.agentFreedClaimMs.max} ms\n`);
      process.stdout.write(`  for scale, in the same run: a bare round trip p50 ${result.roundTripMs.p50} ms  p99 ${result.roundTripMs.p99} ms; one committed write p50 ${result.committedWriteMs.p50} ms  p99 ${result.committedWriteMs.p99} ms\n`);
      process.stdout.write(`  (set-up ${result.setupSeconds} s; ${waitingNow} still waiting at the end)\n`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
