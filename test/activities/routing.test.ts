import type { Pool } from 'pg';
import { getAgent } from '../../db/agents';
import { assignmentOf, findLiveAssignment } from '../../routing/assignments';
import { claimAgentFor, offerWaitingTo, releaseConversation } from '../../routing/claims';
import { offerWaitingWork } from '../../routing/offer-waiting';
import { queueStanding } from '../../routing/wait-estimate';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, anAgent, general } from '../support/fixtures';

let testDb: TestDatabase;
let db: Pool;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 12 });
  db = testDb.db;
});
afterAll(() => testDb.drop());

// Each test uses its own skill name, so agents and queues of other tests never compete.
let skillCounter = 0;
const freshSkill = () => `skill-${process.pid}-${(skillCounter += 1)}`;

describe('claiming an agent', () => {
  it('gives the conversation the available agent with the lowest load, then the highest level', async () => {
    const skill = freshSkill();
    const busy = await anAgent(db, { skills: [{ name: skill, level: 5 }], capacity: 2 });
    const junior = await anAgent(db, { skills: [{ name: skill, level: 2 }], capacity: 2 });
    const senior = await anAgent(db, { skills: [{ name: skill, level: 4 }], capacity: 2 });
    const first = await aConversation(db);
    await db.query('update agents set load = 1 where id = $1', [busy.id]);
    const claimed = await claimAgentFor(db, { conversationId: first.id, requirement: general({ skill }), channel: 'web' });
    expect(claimed?.agentId).toBe(senior.id);
    expect((await getAgent(db, senior.id))?.load).toBe(1);
    expect((await getAgent(db, junior.id))?.load).toBe(0);
  });

  it('chooses by a documented score and records why: free capacity, then level, then time idle', async () => {
    const skill = freshSkill();
    const rested = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 });
    const recent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 });
    await db.query(`update agents set last_assigned_at = now() - interval '20 minutes' where id = $1`, [rested.id]);
    await db.query(`update agents set last_assigned_at = now() where id = $1`, [recent.id]);
    const conversation = await aConversation(db);
    const claimed = await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    expect(claimed?.agentId).toBe(rested.id);
    const assignment = await assignmentOf(db, conversation.id);
    expect(assignment?.reason).toEqual({
      how: 'best_score',
      skill,
      score: 0.88,
      freeCapacityShare: 1,
      skillLevel: 3,
      idleSeconds: expect.any(Number),
    });
  });

  it('queues the conversation when no agent has the skill', async () => {
    const conversation = await aConversation(db);
    await anAgent(db, { skills: [{ name: freshSkill(), level: 5 }] });
    const claimed = await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill: freshSkill() }), channel: 'web' });
    expect(claimed).toBeNull();
    expect(await queueStanding(db, conversation.id)).toEqual({ position: 1, estimatedWaitSeconds: null });
  });

  it('skips agents who are away, full, below the level, or on other channels and languages', async () => {
    const skill = freshSkill();
    await anAgent(db, { skills: [{ name: skill, level: 5 }], status: 'away' });
    await anAgent(db, { skills: [{ name: skill, level: 1 }] });
    await anAgent(db, { skills: [{ name: skill, level: 5 }], channels: ['phone'] });
    await anAgent(db, { skills: [{ name: skill, level: 5 }], languages: ['en'] });
    const full = await anAgent(db, { skills: [{ name: skill, level: 5 }], capacity: 1 });
    await db.query('update agents set load = 1 where id = $1', [full.id]);
    const conversation = await aConversation(db);
    const requirement = general({ skill, minLevel: 3, language: 'zh' });
    expect(await claimAgentFor(db, { conversationId: conversation.id, requirement, channel: 'web' })).toBeNull();
    const fitting = await anAgent(db, { skills: [{ name: skill, level: 3 }], languages: ['zh', 'en'], channels: ['web'] });
    expect(await claimAgentFor(db, { conversationId: conversation.id, requirement, channel: 'web' })).toEqual({
      conversationId: conversation.id,
      agentId: fitting.id,
      accepted: true,
    });
  });

  it('is idempotent: claiming again returns the assignment already made', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 5 });
    const conversation = await aConversation(db);
    const request = { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' as const };
    const first = await claimAgentFor(db, request);
    const again = await claimAgentFor(db, request);
    expect(again).toEqual(first);
    expect((await getAgent(db, agent.id))?.load).toBe(1);
  });
});

describe('offering waiting conversations to an agent', () => {
  it('fills free capacity with the highest priority first, then the oldest', async () => {
    const skill = freshSkill();
    const [old, newer, urgent, extra] = [await aConversation(db), await aConversation(db), await aConversation(db), await aConversation(db)];
    for (const [conversation, priority] of [[old, 0], [newer, 0], [urgent, 5], [extra, 0]] as const) {
      await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill, priority }), channel: 'web' });
    }
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 3 });
    const offered = await offerWaitingTo(db, agent.id);
    expect(offered.map((assignment) => assignment.conversationId)).toEqual([urgent.id, old.id, newer.id]);
    expect((await getAgent(db, agent.id))?.load).toBe(3);
    expect(await queueStanding(db, extra.id)).toMatchObject({ position: 1 });
  });

  it('tells every conversation it gave an agent, logs a notification that fails and keeps the claims', async () => {
    const skill = freshSkill();
    const [first, second] = [await aConversation(db), await aConversation(db)];
    for (const conversation of [first, second]) {
      await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    }
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 });
    const told: string[] = [];
    const warnings = { warn: jest.fn() };
    const notify = async ({ conversationId }: { conversationId: string }) => {
      if (conversationId === first.id) throw new Error('Temporal unreachable');
      told.push(conversationId);
    };
    const offered = await offerWaitingWork(db, agent.id, { notify, warnings });
    expect(offered.map((assignment) => assignment.conversationId)).toEqual([first.id, second.id]);
    expect(told).toEqual([second.id]);
    expect(warnings.warn).toHaveBeenCalledTimes(1);
    expect(warnings.warn).toHaveBeenCalledWith(expect.objectContaining({ conversationId: first.id, agentId: agent.id }), expect.stringContaining('recheck'));
    // The claim stands: the waiting workflow's recheck finds it.
    expect(await findLiveAssignment(db, first.id)).toMatchObject({ agentId: agent.id });
  });

  it('offers nothing to an agent who is not available', async () => {
    const skill = freshSkill();
    const conversation = await aConversation(db);
    await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], status: 'away' });
    expect(await offerWaitingTo(db, agent.id)).toEqual([]);
  });
});

describe('releasing a conversation', () => {
  it('ends the assignment and frees the agent, once', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }] });
    const conversation = await aConversation(db);
    await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    expect(await releaseConversation(db, conversation.id)).toEqual({ freedAgentId: agent.id });
    expect(await releaseConversation(db, conversation.id)).toEqual({ freedAgentId: null });
    expect((await getAgent(db, agent.id))?.load).toBe(0);
    expect(await findLiveAssignment(db, conversation.id)).toBeNull();
  });
});

describe('the invariants under concurrency (real Postgres)', () => {
  it('never assigns a conversation twice nor an agent above capacity', async () => {
    const skill = freshSkill();
    const agents = await Promise.all(Array.from({ length: 5 }, () => anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 })));
    const conversations = await Promise.all(Array.from({ length: 40 }, () => aConversation(db)));
    // Every conversation is claimed twice at once (a retried activity), while agents pull from the queue.
    const claims = conversations.flatMap((conversation) => {
      const request = { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' as const };
      return [claimAgentFor(db, request), claimAgentFor(db, request)];
    });
    const pulls = agents.map((agent) => offerWaitingTo(db, agent.id));
    await Promise.all([...claims, ...pulls]);

    const live = await db.query<{ conversation_id: string; agent_id: string }>(
      `select conversation_id, agent_id from assignments where ended_at is null and agent_id = any ($1)`,
      [agents.map((agent) => agent.id)],
    );
    expect(live.rowCount).toBe(10);
    expect(new Set(live.rows.map((row) => row.conversation_id)).size).toBe(10);
    for (const agent of agents) {
      const record = await getAgent(db, agent.id);
      expect(record?.load).toBe(2);
      expect(live.rows.filter((row) => row.agent_id === agent.id)).toHaveLength(2);
    }
    const queued = await db.query('select count(*)::int as n from queue_entries where skill = $1', [skill]);
    expect(queued.rows[0].n).toBe(30);
  });

  it('refuses, in the database itself, a load above capacity and a second live assignment', async () => {
    const agent = await anAgent(db, { capacity: 1 });
    await expect(db.query('update agents set load = 2 where id = $1', [agent.id])).rejects.toMatchObject({ code: '23514' });
    const conversation = await aConversation(db);
    await db.query(`insert into assignments (conversation_id, agent_id, skill) values ($1, $2, 'general')`, [conversation.id, agent.id]);
    await expect(
      db.query(`insert into assignments (conversation_id, agent_id, skill) values ($1, $2, 'general')`, [conversation.id, agent.id]),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('the queue standing', () => {
  it('counts only conversations of the same skill ahead by priority and age', async () => {
    const skill = freshSkill();
    const request = (id: string, priority = 0, s = skill) =>
      claimAgentFor(db, { conversationId: id, requirement: general({ skill: s, priority }), channel: 'web' });
    const [a, b, c, other] = [await aConversation(db), await aConversation(db), await aConversation(db), await aConversation(db)];
    await request(a.id);
    await request(other.id, 0, freshSkill());
    await request(b.id);
    await request(c.id, 3);
    expect((await queueStanding(db, c.id))?.position).toBe(1);
    expect((await queueStanding(db, a.id))?.position).toBe(2);
    expect((await queueStanding(db, b.id))?.position).toBe(3);
    expect((await queueStanding(db, other.id))?.position).toBe(1);
  });

  it('estimates from staffing, the elapsed time of conversations in progress and the handle times observed', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 });
    // Thirty finished conversations of this skill that took exactly 120 s each.
    for (let i = 0; i < 30; i += 1) {
      const done = await aConversation(db);
      await db.query(
        `insert into assignments (conversation_id, agent_id, skill, assigned_at, accepted_at, ended_at, end_reason)
         values ($1, $2, $3, now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '8 minutes', 'resolved')`,
        [done.id, agent.id, skill],
      );
    }
    // The agent holds two conversations: one began 100 s ago, one just now.
    const [held1, held2] = [await aConversation(db), await aConversation(db)];
    await db.query(`insert into assignments (conversation_id, agent_id, skill, assigned_at) values ($1, $3, $4, now() - interval '100 seconds'), ($2, $3, $4, now())`, [
      held1.id, held2.id, agent.id, skill,
    ]);
    await db.query('update agents set load = 2 where id = $1', [agent.id]);
    const waiting = [await aConversation(db), await aConversation(db), await aConversation(db)];
    for (const conversation of waiting) {
      await claimAgentFor(db, { conversationId: conversation.id, requirement: general({ skill }), channel: 'web' });
    }
    const standings = await Promise.all(waiting.map((conversation) => queueStanding(db, conversation.id)));
    // Hand-overs at 20 s (the older chat ends), 120 s (the newer), 140 s (the next after 20 s).
    expect(standings.map((standing) => standing?.position)).toEqual([1, 2, 3]);
    expect(standings.map((standing) => standing?.estimatedWaitSeconds)).toEqual([20, 120, 140]);

    await db.query(`update agents set status = 'away' where id = $1`, [agent.id]);
    expect(await queueStanding(db, waiting[0]!.id)).toEqual({ position: 1, estimatedWaitSeconds: null });
  });

  it('gives the same estimate however often the same situation is read', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 3 });
    for (let i = 0; i < 30; i += 1) {
      const done = await aConversation(db);
      await db.query(
        `insert into assignments (conversation_id, agent_id, skill, assigned_at, accepted_at, ended_at, end_reason)
         values ($1, $2, $3, now() - make_interval(secs => $4), now() - make_interval(secs => $4), now(), 'resolved')`,
        [done.id, agent.id, skill, 60 + i * 37],
      );
    }
    await db.query('update agents set load = 3 where id = $1', [agent.id]);
    const waiting = await aConversation(db);
    await claimAgentFor(db, { conversationId: waiting.id, requirement: general({ skill }), channel: 'web' });
    const [first, second] = [await queueStanding(db, waiting.id), await queueStanding(db, waiting.id)];
    expect(first?.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  it('uses the prior handle time, memoryless, before it has learned any', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2 });
    await db.query('update agents set load = 2 where id = $1', [agent.id]);
    const [first, second] = [await aConversation(db), await aConversation(db)];
    await claimAgentFor(db, { conversationId: first.id, requirement: general({ skill }), channel: 'web' });
    await claimAgentFor(db, { conversationId: second.id, requirement: general({ skill }), channel: 'web' });
    // (n + 1) × 300 s / 2 slots.
    expect(await queueStanding(db, first.id)).toEqual({ position: 1, estimatedWaitSeconds: 150 });
    expect(await queueStanding(db, second.id)).toEqual({ position: 2, estimatedWaitSeconds: 300 });
  });

  it('ages priority with the wait, so a low-priority conversation does not wait forever', async () => {
    const skill = freshSkill();
    const [patient, urgent] = [await aConversation(db), await aConversation(db)];
    await claimAgentFor(db, { conversationId: patient.id, requirement: general({ skill, priority: 0 }), channel: 'web' });
    await claimAgentFor(db, { conversationId: urgent.id, requirement: general({ skill, priority: 3 }), channel: 'web' });
    expect((await queueStanding(db, urgent.id))?.position).toBe(1);
    // Ten minutes of waiting is five levels: the patient conversation now comes first.
    await db.query(`update queue_entries set enqueued_at = now() - interval '10 minutes' where conversation_id = $1`, [patient.id]);
    expect((await queueStanding(db, patient.id))?.position).toBe(1);
    expect((await queueStanding(db, urgent.id))?.position).toBe(2);
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1 });
    expect(await offerWaitingTo(db, agent.id)).toEqual([{ conversationId: patient.id, agentId: agent.id, accepted: true }]);
  });

  it('moves a conversation up when one ahead leaves, and down when a higher priority arrives', async () => {
    const skill = freshSkill();
    await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1, status: 'away' });
    const request = (id: string, priority = 0) => claimAgentFor(db, { conversationId: id, requirement: general({ skill, priority }), channel: 'web' });
    const [a, b, urgent] = [await aConversation(db), await aConversation(db), await aConversation(db)];
    await request(a.id);
    await request(b.id);
    expect((await queueStanding(db, b.id))?.position).toBe(2);
    await request(urgent.id, 5);
    expect((await queueStanding(db, b.id))?.position).toBe(3);
    await releaseConversation(db, a.id);
    expect((await queueStanding(db, b.id))?.position).toBe(2);
    const exits = await db.query(`select outcome from queue_exits where conversation_id = $1`, [a.id]);
    expect(exits.rows).toEqual([{ outcome: 'abandoned' }]);
  });
});
