import { MAX_RECHECK_SECONDS, recheckDueAt } from '../../machines/deadlines';

const queue = (enteredAt: string) => ({ position: 1, estimatedWaitSeconds: null, enteredAt, announcedAt: null });
const after = (checkedAt: string, enteredAt: string) => (recheckDueAt({ checkedAt, queue: queue(enteredAt) }, 20)! - Date.parse(checkedAt)) / 1000;

describe('the queue recheck', () => {
  it('looks every recheckSeconds at first, then backs off to a quarter of the wait, at most every five minutes', () => {
    expect(after('2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')).toBe(20);
    expect(after('2026-12-01T10:01:00Z', '2026-12-01T10:00:00Z')).toBe(20);
    expect(after('2026-12-01T10:04:00Z', '2026-12-01T10:00:00Z')).toBe(60);
    expect(after('2026-12-01T11:00:00Z', '2026-12-01T10:00:00Z')).toBe(MAX_RECHECK_SECONDS);
  });

  it('never looks less often than recheckSeconds when that is longer than the cap', () => {
    expect((recheckDueAt({ checkedAt: '2026-12-01T11:00:00Z', queue: queue('2026-12-01T10:00:00Z') }, 900)! - Date.parse('2026-12-01T11:00:00Z')) / 1000).toBe(900);
  });

  it('has no recheck outside the queue', () => {
    expect(recheckDueAt({ checkedAt: null, queue: null }, 20)).toBeNull();
  });
});
