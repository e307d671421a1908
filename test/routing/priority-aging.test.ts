import type { Pool } from 'pg';
import { claimAgentFor } from '../../routing/claims';
import { PRIORITY_AGING_SECONDS } from '../../routing/priority';
import { queueStanding } from '../../routing/wait-estimate';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aConversation, general } from '../support/fixtures';

let testDb: TestDatabase;
let db: Pool;
beforeAll(async () => {
  testDb = await createTestDatabase({ max: 4 });
  db = testDb.db;
});
afterAll(() => testDb.drop());

const waited = (id: string, seconds: number) =>
  db.query(`update queue_entries set enqueued_at = now() - make_interval(secs => $2) where conversation_id = $1`, [id, seconds]);
const queue = async (skill: string, priority: number, waitedSeconds: number) => {
  const { id } = await aConversation(db);
  await claimAgentFor(db, { conversationId: id, requirement: general({ skill, priority }), channel: 'web' });
  await waited(id, waitedSeconds);
  return id;
};
const placeOf = async (id: string) => (await queueStanding(db, id))?.position;

describe('priority aged by the wait', () => {
  it('puts a higher priority ahead, until a long wait has earned a level for each it lacks', async () => {
    const skill = `aging-${process.pid}`;
    const urgent = await queue(skill, 2, 10);
    // One level short, and it has waited just short of one aging period: still behind.
    const patient = await queue(skill, 1, PRIORITY_AGING_SECONDS - 5);
    expect([await placeOf(urgent), await placeOf(patient)]).toEqual([1, 2]);
    // Past the period, the level is earned; equal now, and the older goes first.
    await waited(patient, PRIORITY_AGING_SECONDS + 5);
    expect([await placeOf(patient), await placeOf(urgent)]).toEqual([1, 2]);
    // Two periods of waiting outrank one level more.
    const lowest = await queue(skill, 0, 2 * PRIORITY_AGING_SECONDS + 30);
    expect(await placeOf(lowest)).toBe(1);
    expect(await placeOf(patient)).toBe(2);
    expect(await placeOf(urgent)).toBe(3);
  });
});
