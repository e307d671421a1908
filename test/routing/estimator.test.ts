import { estimateWaitSeconds, type StaffedSlot } from '../../routing/eta/estimator';
import { HandleTimeModel } from '../../routing/eta/handle-time-model';

const busy = (count: number, elapsed = 0, share = 1): StaffedSlot[] => Array.from({ length: count }, () => ({ elapsed, share }));
const seeded = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};
const base = { handleTimes: null, defaultHandleSeconds: 300, abandonRate: 0 };

describe('the wait estimator', () => {
  it('is the textbook (n+1)/(sμ) before it has learned handle times', () => {
    expect(estimateWaitSeconds({ ...base, ahead: 0, slots: busy(10) })).toBeCloseTo(30);
    expect(estimateWaitSeconds({ ...base, ahead: 9, slots: busy(10) })).toBeCloseTo(300);
  });

  it('has no number without anyone who could take the conversation', () => {
    expect(estimateWaitSeconds({ ...base, ahead: 3, slots: [] })).toBeNull();
    expect(estimateWaitSeconds({ ...base, ahead: 3, slots: busy(4, 0, 0) })).toBeNull();
  });

  it('counts agents shared with other queues by their share of this work', () => {
    const dedicated = estimateWaitSeconds({ ...base, ahead: 4, slots: busy(4) })!;
    const halfShared = estimateWaitSeconds({ ...base, ahead: 4, slots: busy(4, 0, 0.5) })!;
    expect(halfShared).toBeCloseTo(dedicated * 2);
  });

  it('shortens the wait by the abandonment of those ahead, as in M/M/s+M', () => {
    const ahead = 5;
    const sMu = 2 / 300;
    const theta = 1 / 600;
    let expected = 0;
    for (let j = 0; j <= ahead; j += 1) expected += 1 / (sMu + j * theta);
    expect(estimateWaitSeconds({ ...base, ahead, slots: busy(2), abandonRate: theta })).toBeCloseTo(expected);
  });

  it('learns that a conversation already running long in a heavy-tailed world has long to go', () => {
    // Most chats take a minute; one in ten takes twenty.
    const model = new HandleTimeModel([...Array(90).fill(60), ...Array(10).fill(1200)]);
    const random = seeded(7);
    const fresh = estimateWaitSeconds({ ...base, handleTimes: model, ahead: 0, slots: busy(1, 0) }, random)!;
    const longRunning = estimateWaitSeconds({ ...base, handleTimes: model, ahead: 0, slots: busy(1, 120) }, random)!;
    expect(fresh).toBeGreaterThan(100);
    expect(fresh).toBeLessThan(250);
    expect(longRunning).toBeCloseTo(1080, 0);
  });
});

describe('the handle-time model', () => {
  const model = new HandleTimeModel([100, 200, 300, 400]);

  it('knows the mean and the distribution', () => {
    expect(model.mean).toBe(250);
    expect(model.cdf(250)).toBe(0.5);
    expect(model.integratedCdf(300)).toBeCloseTo((200 + 100) / 4);
  });

  it('draws remaining times only from longer conversations, exponential past the longest', () => {
    const random = seeded(3);
    for (let i = 0; i < 50; i += 1) {
      const remaining = model.drawRemaining(250, model.firstLongerThan(250), random);
      expect([50, 150]).toContain(remaining);
    }
    expect(model.drawRemaining(500, model.firstLongerThan(500), random)).toBeGreaterThan(0);
  });
});
