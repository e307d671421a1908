import type { Pool } from 'pg';
import { queueStanding } from '../../routing/wait-estimate';
import { effectivePriority } from '../../routing/priority';
import type { LoadClient } from './client';
import type { Acknowledged } from './scenario';

/** Each check's violations, as sentences; an empty list is a check that held. */
export type Findings = Record<string, string[]>;

/** What must hold at any quiet moment: nobody held twice, nobody over capacity, every acknowledged message stored once. */
export async function checkHoldings(db: Pool, acknowledged: Acknowledged): Promise<Findings> {
  const heldTwice = await db.query<{ conversation_id: string; n: number }>(
    `select conversation_id, count(*)::int as n from assignments where ended_at is null group by 1 having count(*) > 1`,
  );
  const overCapacity = await db.query<{ id: string; load: number; capacity: number; live: number }>(
    `select a.id, a.load, a.capacity, (select count(*)::int from assignments x where x.agent_id = a.id and x.ended_at is null) as live
       from agents a where a.id like 'load-agent-%'`,
  );
  const stateDisagrees = await db.query<{ id: string; state: string }>(
    `select c.id, c.state from conversations c
      where (c.state = 'agent_assigned') <> exists (select 1 from assignments x where x.conversation_id = c.id and x.ended_at is null)`,
  );
  const stored = await db.query<{ id: string; conversation_id: string; text: string }>(
    `select id, conversation_id, text from messages where sender = 'customer' and conversation_id = any ($1::uuid[])`,
    [acknowledged.conversationIds],
  );
  const byConversation = new Map<string, Array<{ id: string; text: string }>>();
  for (const row of stored.rows) byConversation.set(row.conversation_id, [...(byConversation.get(row.conversation_id) ?? []), row]);
  const messages: string[] = [];
  for (const [conversationId, sent] of acknowledged.messages) {
    const rows = byConversation.get(conversationId) ?? [];
    for (const { messageId, text } of sent) {
      const matching = rows.filter((row) => row.id === messageId && row.text === text);
      if (matching.length !== 1) messages.push(`message ${messageId} of ${conversationId} is stored ${matching.length} times`);
    }
    // Every send had its own idempotency key and all were acknowledged: no more rows than sends.
    if (rows.length > sent.length) messages.push(`${conversationId} holds ${rows.length} customer messages for ${sent.length} acknowledged sends`);
  }
  return {
    'no conversation held twice': heldTwice.rows.map((row) => `${row.conversation_id} has ${row.n} live assignments`),
    'no agent over capacity, load = live assignments': overCapacity.rows
      .filter((row) => row.load > row.capacity || row.load !== row.live)
      .map((row) => `${row.id}: load ${row.load}, capacity ${row.capacity}, live assignments ${row.live}`),
    'state agrees with the assignments': stateDisagrees.rows.map((row) => `${row.id} is ${row.state}`),
    'every acknowledged customer message stored exactly once': messages,
  };
}

/**
 * In one snapshot, with every agent away: positions among those waiting for the same skill run
 * 1..N without gaps, in the order the queue serves them.
 */
export async function checkPositions(db: Pool): Promise<{ findings: Findings; standing: Map<string, number> }> {
  const client = await db.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const queue = await client.query<{ conversation_id: string; skill: string }>(
      `select conversation_id, skill from queue_entries q order by skill, ${effectivePriority('q')} desc, enqueued_at, conversation_id`,
    );
    const problems: string[] = [];
    const standing = new Map<string, number>();
    const bySkill = new Map<string, string[]>();
    for (const row of queue.rows) bySkill.set(row.skill, [...(bySkill.get(row.skill) ?? []), row.conversation_id]);
    for (const [skill, ids] of bySkill) {
      const positions: number[] = [];
      for (const id of ids) {
        const position = (await queueStanding(client, id))?.position ?? -1;
        positions.push(position);
        standing.set(id, position);
      }
      const expected = ids.map((_, index) => index + 1);
      if (positions.join(',') !== expected.join(',')) problems.push(`${skill}: positions ${positions.join(',')} where 1..${ids.length} was due`);
    }
    await client.query('commit');
    return { findings: { 'positions run 1..N without gaps': problems }, standing };
  } finally {
    client.release();
  }
}

/**
 * The queue standing still, the API tells each waiting customer the same place in line. Standing
 * still is checked, not assumed: the rules move a line with nobody acting (a relaxation step due
 * sends an entry to another skill's line at its first place; aging lifts a long wait), so the line
 * is read again after the API was asked, and only a line that did not move between the two reads
 * is compared. One that moved is read again, a few times.
 */
export async function checkPositionsOverApi(api: LoadClient, db: Pool, first: Map<string, number>): Promise<Findings> {
  let standing = first;
  for (let attempt = 1; ; attempt += 1) {
    const problems: string[] = [];
    for (const [id, position] of standing) {
      const seen = await api.call('GET', `/v1/conversations/${id}`);
      if (seen.body?.queue?.position !== position) problems.push(`${id}: the API says ${seen.body?.queue?.position}, the snapshot ${position}`);
    }
    const after = (await checkPositions(db)).standing;
    const stood = after.size === standing.size && [...after].every(([id, position]) => standing.get(id) === position);
    if (stood) return { 'the API gives the same positions': problems };
    const moved = [...new Set([...standing.keys(), ...after.keys()])].filter((id) => standing.get(id) !== after.get(id));
    process.stderr.write(`the line moved between two reads: ${moved.map((id) => `${id} ${standing.get(id) ?? '-'}→${after.get(id) ?? '-'}`).join(', ')}\n`);
    if (attempt === 5) return { 'the API gives the same positions': [`the line moved during each of ${attempt} reads; last: ${problems.slice(0, 3).join('; ')}`] };
    standing = after;
  }
}

/** Nobody waits while an available agent who fits them, and never refused them, has a free slot. */
export async function checkNobodyStranded(db: Pool): Promise<Findings> {
  const stranded = await db.query<{ conversation_id: string; agent_id: string }>(
    `select q.conversation_id, a.id as agent_id from queue_entries q
       join agent_skills s on s.skill = q.skill and s.level >= q.min_level
       join agents a on a.id = s.agent_id and a.status = 'available' and a.load < a.capacity
      where (cardinality(a.channels) = 0 or q.channel = any (a.channels))
        and (q.language is null or cardinality(a.languages) = 0 or q.language = any (a.languages))
        and not exists (select 1 from offer_refusals r where r.conversation_id = q.conversation_id and r.agent_id = a.id)`,
  );
  return {
    'nobody waits beside a free agent who fits them': stranded.rows.map((row) => `${row.conversation_id} waits while ${row.agent_id} has a free slot`),
  };
}

/**
 * The Temporal dev server's lines about work cut short by its own stopping: a request cancelled
 * under it ("context canceled": its background reads, or a caller that went away) and a timer that
 * fired as its task queues closed ("task queue closed": the one server unloads them only to stop).
 * Not a failure.
 */
const TEMPORAL_CANCELLED = /^time=\S+ level=ERROR .*(\bcontext canceled\b|error="task queue closed")/;

/** Lines of the stack's own log at error level, or that say a workflow or activity failed. */
export function errorLines(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /"level":(50|60)\b|\[(ERROR|WARN)\]|\bERROR\b|Workflow task failed|Activity failed|Unhandled/i.test(line))
    .filter((line) => !TEMPORAL_CANCELLED.test(line));
}
