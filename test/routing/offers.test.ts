import fc from 'fast-check';
import type { Pool } from 'pg';
import { createRoutingActivities } from '../../activities/routing';
import { createPostgresCustomerProvider } from '../../customers/postgres-provider';
import { getAgent } from '../../db/agents';
import { assignmentOf, findLiveAssignment } from '../../routing/assignments';
import { scoreOf } from '../../routing/best-agent';
import { claimAgentFor, offerWaitingTo } from '../../routing/claims';
import { acceptOffer, withdrawOffer } from '../../routing/offers';
import { transferConversation } from '../../routing/transfers';
import { queueStanding } from '../../routing/wait-estimate';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, anAgent, general } from '../support/fixtures';

let testDb: TestDatabase;
let db: Pool;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 6 });
  db = testDb.db;
});
afterAll(() => testDb.drop());

let skillCounter = 0;
const freshSkill = () => `offer-skill-${process.pid}-${(skillCounter += 1)}`;
const offering = (skill: string, overrides: Parameters<typeof anAgent>[1] = {}) => anAgent(db, { skills: [{ name: skill, level: 3 }], autoAccept: false, ...overrides });

describe('offers', () => {
  it('holds the slot while the offer is open, and makes it active on accept', async () => {
    const skill = freshSkill();
    const agent = await offering(skill, { capacity: 1 });
    const conversation = await aConversation(db);
    expect(await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' })).toEqual({
      conversationId: conversation.id,
      agentId: agent.id,
      accepted: false,
    });
    expect(await getAgent(db, agent.id)).toMatchObject({ load: 1 });
    // The slot is held: a second conversation waits rather than overfill the agent.
    const second = await aConversation(db);
    expect(await claimAgentFor(db, { conversationId: second.id, requirement: general({ skill }), channel: 'web' })).toBeNull();
    expect(await assignmentOf(db, conversation.id)).toMatchObject({ status: 'offered', acceptedAt: null });
    expect(await acceptOffer(db, conversation.id, agent.id)).toBe(true);
    expect(await acceptOffer(db, conversation.id, agent.id)).toBe(true);
    expect(await acceptOffer(db, conversation.id, 'someone-else')).toBe(false);
    expect(await assignmentOf(db, conversation.id)).toMatchObject({ status: 'active', acceptedAt: expect.any(String) });
  });

  it('after a decline, offers the next best agent and never the one who declined, even when they have room', async () => {
    const skill = freshSkill();
    const best = await offering(skill, { skills: [{ name: skill, level: 5 }], capacity: 3 });
    const next = await offering(skill, { skills: [{ name: skill, level: 2 }], capacity: 3 });
    const conversation = await aConversation(db);
    const request = { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' as const };
    expect((await claimAgentFor(db, request))?.agentId).toBe(best.id);
    expect(await withdrawOffer(db, { conversationId: conversation.id, agentId: best.id, reason: 'declined', awayAfterMissed: 3 })).toEqual({ withdrawn: true, agentSetAway: false });
    // Retried: nothing more happens.
    expect(await withdrawOffer(db, { conversationId: conversation.id, agentId: best.id, reason: 'declined', awayAfterMissed: 3 })).toEqual({ withdrawn: false, agentSetAway: false });
    expect(await getAgent(db, best.id)).toMatchObject({ load: 0 });
    expect((await claimAgentFor(db, request))?.agentId).toBe(next.id);
    // The second declines too: nobody fitting is left, so it waits — and an agent who declined
    // takes other work from the queue, but not this conversation.
    await withdrawOffer(db, { conversationId: conversation.id, agentId: next.id, reason: 'declined', awayAfterMissed: 3 });
    expect(await claimAgentFor(db, request)).toBeNull();
    // Both are available with room, but neither will serve it: there is no honest estimate to give.
    expect(await queueStanding(db, conversation.id)).toEqual({ position: 1, estimatedWaitSeconds: null });
    expect(await offerWaitingTo(db, best.id)).toEqual([]);
    const other = await aConversation(db);
    await claimAgentFor(db, { ...request, conversationId: other.id });
    expect(await findLiveAssignment(db, other.id)).toMatchObject({ agentId: best.id });
    // A new agent who never saw it gets it.
    const fresh = await offering(skill, { skills: [{ name: skill, level: 1 }] });
    expect(await offerWaitingTo(db, fresh.id)).toEqual([{ conversationId: conversation.id, agentId: fresh.id, accepted: false }]);
  });

  it('keeps the place in line of a conversation that goes back to the queue', async () => {
    const skill = freshSkill();
    const early = await aConversation(db);
    const late = await aConversation(db);
    const since = new Date(Date.now() - 90_000).toISOString();
    expect(await claimAgentFor(db, { conversationId: late.id, requirement: general({ skill }), channel: 'web' })).toBeNull();
    expect(await claimAgentFor(db, { conversationId: early.id, requirement: general({ skill }), channel: 'web', waitingSince: since })).toBeNull();
    expect(await queueStanding(db, early.id)).toMatchObject({ position: 1 });
    expect(await queueStanding(db, late.id)).toMatchObject({ position: 2 });
  });

  it('sets an agent away after too many offers in a row run out, and counts from zero after an answer', async () => {
    const skill = freshSkill();
    const agent = await offering(skill, { capacity: 5 });
    const miss = async () => {
      const conversation = await aConversation(db);
      await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
      return withdrawOffer(db, { conversationId: conversation.id, agentId: agent.id, reason: 'timed_out', awayAfterMissed: 2 });
    };
    expect(await miss()).toEqual({ withdrawn: true, agentSetAway: false });
    // An answer (here a decline) resets the count.
    const answered = await aConversation(db);
    await claimAgentFor(db, { conversationId: answered.id, requirement: general({ skill }), channel: 'web' });
    await withdrawOffer(db, { conversationId: answered.id, agentId: agent.id, reason: 'declined', awayAfterMissed: 2 });
    expect(await getAgent(db, agent.id)).toMatchObject({ missedOffers: 0, status: 'available' });
    expect(await miss()).toEqual({ withdrawn: true, agentSetAway: false });
    expect(await miss()).toEqual({ withdrawn: true, agentSetAway: true });
    expect(await getAgent(db, agent.id)).toMatchObject({ status: 'away', load: 0 });
  });

  it('never takes back an offer the agent already accepted', async () => {
    const skill = freshSkill();
    const agent = await offering(skill);
    const conversation = await aConversation(db);
    await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    await acceptOffer(db, conversation.id, agent.id);
    expect(await withdrawOffer(db, { conversationId: conversation.id, agentId: agent.id, reason: 'timed_out', awayAfterMissed: 1 })).toMatchObject({ withdrawn: false });
    expect(await assignmentOf(db, conversation.id)).toMatchObject({ agentId: agent.id, status: 'active' });
  });
});

describe('transfers', () => {
  async function held(skill: string) {
    const from = await anAgent(db, { skills: [{ name: skill, level: 3 }] });
    const conversation = await aConversation(db);
    await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    return { from, conversation };
  }
  let step = 0;
  const stepKey = () => `step-${process.pid}-${(step += 1)}`;

  it('hands over to a named agent as an offer, freeing the first agent, all in one go', async () => {
    const skill = freshSkill();
    const { from, conversation } = await held(skill);
    const to = await offering('someone-else-skill');
    const key = stepKey();
    const result = await transferConversation(db, { conversationId: conversation.id, stepKey: key, fromAgentId: from.id, toAgentId: to.id, requirement: general({ skill }), channel: 'web', note: '需要主管审批' });
    expect(result).toEqual({ outcome: 'assigned', assignment: { conversationId: conversation.id, agentId: to.id, accepted: false }, fromAgentId: from.id });
    expect(await getAgent(db, from.id)).toMatchObject({ load: 0 });
    expect(await getAgent(db, to.id)).toMatchObject({ load: 1 });
    expect(await assignmentOf(db, conversation.id)).toMatchObject({ agentId: to.id, reason: { how: 'transferred', from: from.id } });
    // A retry of the same transfer is recognised, not refused.
    expect(await transferConversation(db, { conversationId: conversation.id, stepKey: key, fromAgentId: from.id, toAgentId: to.id, requirement: general({ skill }), channel: 'web', note: null })).toMatchObject({ outcome: 'assigned' });
    const rows = await db.query('select from_agent_id, to_agent_id, note from transfers where conversation_id = $1', [conversation.id]);
    expect(rows.rows).toEqual([{ from_agent_id: from.id, to_agent_id: to.id, note: '需要主管审批' }]);
  });

  it('changes nothing when the named agent cannot take it, or the agent does not hold it', async () => {
    const skill = freshSkill();
    const { from, conversation } = await held(skill);
    const away = await anAgent(db, { status: 'away' });
    const request = { conversationId: conversation.id, fromAgentId: from.id, requirement: general({ skill }), channel: 'web' as const, note: null };
    expect(await transferConversation(db, { ...request, stepKey: stepKey(), toAgentId: away.id })).toMatchObject({ outcome: 'refused' });
    expect(await transferConversation(db, { ...request, stepKey: stepKey(), toAgentId: from.id })).toMatchObject({ outcome: 'refused' });
    expect(await transferConversation(db, { ...request, stepKey: stepKey(), fromAgentId: away.id, toAgentId: from.id })).toMatchObject({ outcome: 'refused' });
    expect(await assignmentOf(db, conversation.id)).toMatchObject({ agentId: from.id, status: 'active' });
    expect(await getAgent(db, from.id)).toMatchObject({ load: 1 });
  });

  it('sends it back to the queue for another skill, never to the agent who handed it over', async () => {
    const skill = freshSkill();
    const billing = freshSkill();
    const { from, conversation } = await held(skill);
    await db.query('insert into agent_skills (agent_id, skill, level) values ($1, $2, 5)', [from.id, billing]);
    const result = await transferConversation(db, { conversationId: conversation.id, stepKey: stepKey(), fromAgentId: null, requirement: general({ skill: billing, minLevel: 2 }), channel: 'web', note: null });
    expect(result).toEqual({ outcome: 'queued', fromAgentId: from.id });
    expect(await queueStanding(db, conversation.id)).toMatchObject({ position: 1 });
    expect(await offerWaitingTo(db, from.id)).toEqual([]);
    const specialist = await offering(billing, { skills: [{ name: billing, level: 2 }] });
    expect(await offerWaitingTo(db, specialist.id)).toEqual([{ conversationId: conversation.id, agentId: specialist.id, accepted: false }]);
  });
});

describe('choosing the best agent from the tops of the score indexes', () => {
  it('finds the best agent when it is at the top of neither index', async () => {
    const skill = freshSkill();
    const agentWith = async (capacity: number, load: number, idleSeconds: number) => {
      const { id } = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity });
      await db.query(`update agents set load = $2, last_assigned_at = now() - make_interval(secs => $3) where id = $1`, [id, load, idleSeconds]);
      return id;
    };
    // Four with the most free capacity but just assigned (score 0.68), four idle long but nearly
    // full (0.48): the tops of the base and the idle index. The best (0.747) is in neither.
    for (let i = 0; i < 4; i += 1) await agentWith(1, 0, 0);
    for (let i = 0; i < 4; i += 1) await agentWith(5, 4, 1500);
    const best = await agentWith(5, 1, 500);
    const conversation = await aConversation(db);
    expect((await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' }))?.agentId).toBe(best);
    expect((await assignmentOf(db, conversation.id))?.reason).toMatchObject({ score: 0.747, freeCapacityShare: 0.8, skillLevel: 3 });
  });

  it('picks an agent as good as scoring every fitting agent would, whatever the mix of levels, loads and idle times', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ level: fc.integer({ min: 1, max: 5 }), capacity: fc.integer({ min: 1, max: 5 }), used: fc.nat(5), idleSeconds: fc.integer({ min: 0, max: 1500 }) }),
          { minLength: 1, maxLength: 45 },
        ),
        fc.integer({ min: 1, max: 5 }),
        async (agents, minLevel) => {
          const skill = freshSkill();
          const made: Array<{ id: string; level: number; capacity: number; load: number; idleSeconds: number }> = [];
          for (const agent of agents) {
            const load = Math.min(agent.used, agent.capacity);
            const { id } = await anAgent(db, { skills: [{ name: skill, level: agent.level }], capacity: agent.capacity });
            await db.query(`update agents set load = $2, last_assigned_at = now() - make_interval(secs => $3) where id = $1`, [id, load, agent.idleSeconds]);
            made.push({ id, ...agent, load });
          }
          const score = (a: (typeof made)[number]) => scoreOf({ freeShare: 1 - a.load / a.capacity, level: a.level, idleSeconds: a.idleSeconds });
          const fitting = made.filter((a) => a.level >= minLevel && a.load < a.capacity);
          const conversation = await aConversation(db);
          const claimed = await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill, minLevel }), channel: 'web' });
          if (fitting.length === 0) {
            expect(claimed).toBeNull();
            return;
          }
          const best = Math.max(...fitting.map(score));
          const chosen = fitting.find((a) => a.id === claimed?.agentId);
          expect(chosen).toBeDefined();
          // Within a few milliseconds of idle time read at slightly different instants.
          expect(score(chosen!)).toBeGreaterThanOrEqual(best - 0.001);
          const reason = (await assignmentOf(db, conversation.id))?.reason;
          expect(reason?.score).toBeCloseTo(score(chosen!), 2);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('the invariants under concurrent offers, declines, timeouts, transfers and releases (real Postgres)', () => {
  it('never holds a conversation twice, never overfills an agent, never re-offers to a refuser, leaves nobody waiting beside a free fitting agent', async () => {
    const routing = createRoutingActivities({ db, notifyAssignment: async () => undefined, customerData: createPostgresCustomerProvider(db) });
    const skill = freshSkill();
    const other = freshSkill();
    const agents = await Promise.all(
      Array.from({ length: 6 }, (_, i) => offering(skill, { skills: [{ name: skill, level: 3 }, ...(i % 2 ? [{ name: other, level: 3 }] : [])], capacity: 2 })),
    );
    const conversations = await Promise.all(Array.from({ length: 30 }, () => aConversation(db)));
    const requests = new Map(conversations.map((c) => [c.id, { conversationId: c.id, requirement: general({ skill }), channel: 'web' as const }]));
    // Every conversation claimed twice at once (a retried activity) while agents pull from the queue.
    await Promise.all([
      ...conversations.flatMap((c) => [routing.matchSkills(requests.get(c.id)!), routing.matchSkills(requests.get(c.id)!)]),
      ...agents.map((agent) => offerWaitingTo(db, agent.id)),
    ]);

    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 6; round += 1) {
      const live = await db.query<{ conversation_id: string; agent_id: string; accepted: boolean }>(
        'select conversation_id, agent_id, accepted_at is not null as accepted from assignments where ended_at is null and skill in ($1, $2)',
        [skill, other],
      );
      // Every live assignment gets an answer or an action at the same time as every other.
      await Promise.all(
        live.rows.map(async ({ conversation_id: conversationId, agent_id: agentId, accepted }) => {
          const request = requests.get(conversationId)!;
          const roll = random();
          if (!accepted) {
            if (roll < 0.4) return routing.acceptOffer({ conversationId, agentId });
            return routing.withdrawOffer({ ...request, agentId, reason: roll < 0.7 ? 'declined' : 'timed_out', awayAfterMissed: 1000 });
          }
          if (roll < 0.3) return routing.releaseRouting({ conversationId });
          if (roll < 0.5) {
            const requirement = general({ skill: other });
            requests.set(conversationId, { ...request, requirement });
            return routing.transferConversation({ conversationId, stepKey: `${conversationId}-${round}`, byAgentId: agentId, target: { skill: other, minLevel: 1 }, requirement, channel: 'web', note: null });
          }
          return undefined;
        }),
      );
    }

    // Last, every open offer is declined at once: each freed slot must go to someone else waiting.
    const open = await db.query<{ conversation_id: string; agent_id: string }>(
      'select conversation_id, agent_id from assignments where ended_at is null and accepted_at is null and skill in ($1, $2)',
      [skill, other],
    );
    await Promise.all(
      open.rows.map(({ conversation_id: conversationId, agent_id: agentId }) =>
        routing.withdrawOffer({ ...requests.get(conversationId)!, agentId, reason: 'declined', awayAfterMissed: 1000 }),
      ),
    );

    const agentIds = agents.map((agent) => agent.id);
    const live = await db.query<{ conversation_id: string; agent_id: string }>('select conversation_id, agent_id from assignments where ended_at is null and agent_id = any ($1)', [agentIds]);
    expect(new Set(live.rows.map((row) => row.conversation_id)).size).toBe(live.rowCount);
    for (const agent of agents) {
      const record = (await getAgent(db, agent.id))!;
      expect(record.load).toBe(live.rows.filter((row) => row.agent_id === agent.id).length);
      expect(record.load).toBeLessThanOrEqual(record.capacity);
    }
    const doubled = await db.query('select q.conversation_id from queue_entries q join assignments a on a.conversation_id = q.conversation_id and a.ended_at is null where q.skill in ($1, $2)', [skill, other]);
    expect(doubled.rows).toEqual([]);
    const reoffered = await db.query('select r.conversation_id from offer_refusals r join assignments a on a.conversation_id = r.conversation_id and a.agent_id = r.agent_id and a.ended_at is null and a.assigned_at > r.at where r.agent_id = any ($1)', [agentIds]);
    expect(reoffered.rows).toEqual([]);
    // Nothing is lost: every conversation is held, waiting, or was released.
    const accounted = await db.query<{ n: number }>(
      `select count(*)::int as n from unnest($1::uuid[]) as c (id)
        where exists (select 1 from assignments a where a.conversation_id = c.id and a.ended_at is null)
           or exists (select 1 from queue_entries q where q.conversation_id = c.id)
           or exists (select 1 from assignments a where a.conversation_id = c.id and a.end_reason = 'resolved')`,
      [conversations.map((c) => c.id)],
    );
    expect(accounted.rows[0]!.n).toBe(conversations.length);
    // Nobody waits while an agent who fits them, and never refused them, has a free slot.
    const stranded = await db.query(
      `select q.conversation_id from queue_entries q
         join agent_skills s on s.skill = q.skill and s.level >= q.min_level
         join agents a on a.id = s.agent_id and a.status = 'available' and a.load < a.capacity
        where a.id = any ($1) and not exists (select 1 from offer_refusals r where r.conversation_id = q.conversation_id and r.agent_id = a.id)`,
      [agentIds],
    );
    expect(stranded.rows).toEqual([]);
  }, 60_000);
});
