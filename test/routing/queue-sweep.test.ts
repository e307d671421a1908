import type { Pool } from 'pg';
import { claimAgentFor, releaseConversation } from '../../routing/claims';
import type { Assignment } from '../../routing/assignments';
import { agentsWithRoomForWaiting, movedInQueue, unheardAssignments } from '../../routing/queue-sweep';
import { sweepOnce } from '../../worker/queue-sweep';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, anAgent, general } from '../support/fixtures';

let testDb: TestDatabase;
let db: Pool;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 4 });
  db = testDb.db;
});
afterAll(() => testDb.drop());

let skillCounter = 0;
const freshSkill = () => `sweep-skill-${process.pid}-${(skillCounter += 1)}`;
const queue = (id: string, skill: string, priority = 0) => claimAgentFor(db, { conversationId: id, requirement: general({ skill, priority }), channel: 'web' });
const quietLogger = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() };

describe('the queue sweep', () => {
  it('tells only the waiting conversations whose place moved, and nobody when the line stands still', async () => {
    const skill = freshSkill();
    await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1, status: 'away' });
    const [a, b, c, urgent] = [await aConversation(db), await aConversation(db), await aConversation(db), await aConversation(db)];
    for (const conversation of [a, b, c]) await queue(conversation.id, skill);
    const mine = (ids: string[] | null) => (ids ?? []).filter((id) => [a.id, b.id, c.id, urgent.id].includes(id)).sort();

    // Seen for the first time: remembered, nobody told (they announced their place on joining).
    expect(mine(await movedInQueue(db))).toEqual([]);
    // Nothing moved: nothing to tell, however often it looks.
    expect(mine(await movedInQueue(db))).toEqual([]);
    // Someone jumps ahead: all three are one place further back; the newcomer is only remembered.
    await queue(urgent.id, skill, 5);
    expect(mine(await movedInQueue(db))).toEqual([a.id, b.id, c.id].sort());
    // One in the middle leaves: those behind it move up, and the one ahead of it does not.
    await releaseConversation(db, a.id);
    expect(mine(await movedInQueue(db))).toEqual([b.id, c.id].sort());
    expect(mine(await movedInQueue(db))).toEqual([]);
  });

  it('finds an assignment whose workflow never heard of it, once it is old enough', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 2, autoAccept: false });
    const conversation = await aConversation(db);
    await db.query(`update conversations set state = 'queued' where id = $1`, [conversation.id]);
    expect(await queue(conversation.id, skill)).toMatchObject({ agentId: agent.id });
    expect((await unheardAssignments(db, 60)).filter((x) => x.conversationId === conversation.id)).toEqual([]);
    await db.query(`update assignments set assigned_at = now() - interval '2 minutes' where conversation_id = $1`, [conversation.id]);
    expect((await unheardAssignments(db, 60)).filter((x) => x.conversationId === conversation.id)).toEqual([{ conversationId: conversation.id, agentId: agent.id, accepted: false }]);
    // Heard: the workflow moved it on.
    await db.query(`update conversations set state = 'agent_assigned' where id = $1`, [conversation.id]);
    expect((await unheardAssignments(db, 60)).filter((x) => x.conversationId === conversation.id)).toEqual([]);
  });

  it('finds an available agent with room while someone waits for their skill, and offers them the work', async () => {
    const skill = freshSkill();
    const agent = await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1, status: 'away', autoAccept: false });
    const conversation = await aConversation(db);
    await queue(conversation.id, skill);
    expect(await agentsWithRoomForWaiting(db)).not.toContain(agent.id);
    // Back at the desk, but the offer that should have followed was never made (the API died in between).
    await db.query(`update agents set status = 'available' where id = $1`, [agent.id]);
    expect(await agentsWithRoomForWaiting(db)).toContain(agent.id);

    const told: Assignment[] = [];
    const reordered: string[] = [];
    const round = await sweepOnce({ db, notifyAssignment: async (assignment) => void told.push(assignment), notifyQueueReordered: async (id) => void reordered.push(id), logger: quietLogger as never }, 60);
    expect(round.offeredTo).toBeGreaterThanOrEqual(1);
    expect(told).toContainEqual({ conversationId: conversation.id, agentId: agent.id, accepted: false });
    expect(await agentsWithRoomForWaiting(db)).not.toContain(agent.id);
  });

  it('keeps going when a signal fails, and says so', async () => {
    const skill = freshSkill();
    await anAgent(db, { skills: [{ name: skill, level: 3 }], capacity: 1, status: 'away' });
    const [first, second] = [await aConversation(db), await aConversation(db)];
    await queue(first.id, skill);
    await queue(second.id, skill);
    await movedInQueue(db);
    await releaseConversation(db, first.id);
    const warn = jest.fn();
    const failing = async () => {
      throw new Error('Temporal unreachable');
    };
    const round = await sweepOnce({ db, notifyAssignment: failing, notifyQueueReordered: failing, logger: { ...quietLogger, warn } as never }, 60);
    expect(round.moved).toBeGreaterThanOrEqual(1);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ conversationId: second.id }), 'a customer whose place moved was not told');
  });
});
