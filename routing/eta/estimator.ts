import type { HandleTimeModel } from './handle-time-model';

/** One agent slot that could take the waiting conversation. */
export interface StaffedSlot {
  /** Seconds the conversation it holds has been going, or null when the slot is free. */
  elapsed: number | null;
  /**
   * The share of this slot's recent work that went to conversations like the waiting one: 1 for
   * an agent who only takes this kind, less for one shared with other queues.
   */
  share: number;
}

export interface WaitContext {
  /** Conversations ahead that compete for the same agents (position − 1). */
  ahead: number;
  slots: StaffedSlot[];
  /** Learned handle times; null until enough conversations have ended. */
  handleTimes: HandleTimeModel | null;
  /** Used while nothing has been learned yet. */
  defaultHandleSeconds: number;
  /** Observed abandonments per second of waiting, per waiting customer. */
  abandonRate: number;
}

/**
 * How many futures are simulated per estimate: about 20,000 hand-over steps' worth, between 20 and
 * 400. The sampling noise adds roughly 1/futures to the relative squared error, so small pools get
 * many futures and long queues (whose waits vary little relative to their size) fewer.
 */
const futuresFor = (needed: number, slots: number) => Math.min(400, Math.max(20, Math.floor(20_000 / (needed + slots))));

/** How many recent handle times the estimator learns from, per skill. */
export const HANDLE_TIME_WINDOW = 10_000;

/**
 * The expected wait, in seconds, of a conversation with `ahead` others in front of it.
 *
 * It needs `ahead + 1` hand-overs from the agents who could take it, a hand-over counting for this
 * kind of conversation with the probability of the agent's share of such work. With learned handle
 * times it simulates the next hand-overs many times: each busy slot first hands over when its
 * current conversation ends — a remaining time drawn from the handle times observed to run longer
 * than it has so far — and then after fresh handle times; the estimate is the mean time of the
 * `ahead + 1`-th hand-over. Before anything is learned, handle times are taken as exponential with
 * the default mean, which gives (n+1)/(sμ), the textbook QL predictor.
 * Abandonment of those ahead shortens the wait by the factor an M/M/s+M queue gives,
 * Σ 1/(sμ + jθ) against (n+1)/(sμ).
 */
export function estimateWaitSeconds(context: WaitContext, random: () => number = Math.random): number | null {
  const { ahead, slots, handleTimes, abandonRate } = context;
  const working = slots.filter((slot) => slot.share > 0);
  const effectiveSlots = working.reduce((sum, slot) => sum + slot.share, 0);
  if (effectiveSlots <= 0) return null;
  const meanHandle = handleTimes?.mean ?? context.defaultHandleSeconds;
  const serviceRate = effectiveSlots / meanHandle;
  const needed = ahead + 1;

  const withoutAbandonment = handleTimes ? simulateHandOvers(working, handleTimes, needed, random) : needed / serviceRate;
  if (abandonRate <= 0 || ahead === 0) return withoutAbandonment;
  let markov = 0;
  for (let j = 0; j <= ahead; j += 1) markov += 1 / (serviceRate + j * abandonRate);
  return withoutAbandonment * (markov / (needed / serviceRate));
}

/** The mean time of the `needed`-th hand-over for this kind of conversation, over simulated futures. */
function simulateHandOvers(slots: StaffedSlot[], model: HandleTimeModel, needed: number, random: () => number): number {
  const from = slots.map((slot) => (slot.elapsed === null ? -1 : model.firstLongerThan(slot.elapsed)));
  const heap = new Float64Array(slots.length);
  const owner = new Int32Array(slots.length);
  const futures = futuresFor(needed, slots.length);
  let total = 0;
  for (let future = 0; future < futures; future += 1) {
    // A min-heap of the time each slot next hands over.
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i]!;
      heap[i] = slot.elapsed === null ? 0 : model.drawRemaining(slot.elapsed, from[i]!, random);
      owner[i] = i;
    }
    for (let i = (slots.length >> 1) - 1; i >= 0; i -= 1) siftDown(heap, owner, i, slots.length);
    let counted = 0;
    let time = 0;
    for (;;) {
      time = heap[0]!;
      const slot = owner[0]!;
      if (random() < slots[slot]!.share) counted += 1;
      if (counted >= needed) break;
      heap[0] = time + model.draw(random);
      siftDown(heap, owner, 0, slots.length);
    }
    total += time;
  }
  return total / futures;
}

function siftDown(heap: Float64Array, owner: Int32Array, start: number, size: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < size && heap[left]! < heap[smallest]!) smallest = left;
    if (right < size && heap[right]! < heap[smallest]!) smallest = right;
    if (smallest === i) return;
    const t = heap[i]!;
    heap[i] = heap[smallest]!;
    heap[smallest] = t;
    const o = owner[i]!;
    owner[i] = owner[smallest]!;
    owner[smallest] = o;
    i = smallest;
  }
}
