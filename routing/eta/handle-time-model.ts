/**
 * What Baton has learned about how long conversations take: the empirical distribution of recent
 * handle times. Besides the mean, it answers for a conversation already under way for `elapsed`
 * seconds how its remaining time R is distributed — a long-running chat may have longer to go
 * (heavy-tailed handle times) or not (exponential), and the data decide which.
 */
export class HandleTimeModel {
  readonly mean: number;
  readonly size: number;
  private readonly sorted: Float64Array;
  /** prefix[i] = sum of the i smallest samples. */
  private readonly prefix: Float64Array;

  constructor(samples: ArrayLike<number>) {
    if (samples.length === 0) throw new Error('a handle-time model needs at least one sample');
    this.sorted = Float64Array.from(samples).sort();
    this.size = this.sorted.length;
    this.prefix = new Float64Array(this.size + 1);
    for (let i = 0; i < this.size; i += 1) this.prefix[i + 1] = this.prefix[i]! + this.sorted[i]!;
    this.mean = this.prefix[this.size]! / this.size;
  }

  /** How many samples are ≤ x. */
  private rank(x: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid]! <= x) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** A handle time drawn from what was observed. */
  draw(random: () => number): number {
    return this.sorted[Math.floor(random() * this.size)]!;
  }

  /** Index of the first observed handle time longer than `elapsed` (size when none is). */
  firstLongerThan(elapsed: number): number {
    return this.rank(elapsed);
  }

  /**
   * The remaining time of a conversation under way for `elapsed`, drawn from the observed handle
   * times longer than that (`from` = firstLongerThan(elapsed)); exponential past the longest one.
   */
  drawRemaining(elapsed: number, from: number, random: () => number): number {
    if (from >= this.size) return -Math.log(1 - random()) * this.mean;
    return this.sorted[from + Math.floor(random() * (this.size - from))]! - elapsed;
  }

  /** P(H ≤ x). */
  cdf(x: number): number {
    return this.rank(x) / this.size;
  }

  /** ∫₀ˣ P(H ≤ u) du = E[(x − H)⁺]. */
  integratedCdf(x: number): number {
    const r = this.rank(x);
    return (r * x - this.prefix[r]!) / this.size;
  }

  /**
   * For a conversation under way for `elapsed`: P(R ≤ t) and E[(t − R)⁺] for its remaining time R.
   * Past the longest observed handle time the data say nothing, so R is taken as exponential with
   * the mean handle time.
   */
  residual(elapsed: number, t: number): { probability: number; partial: number } {
    const survival = 1 - this.cdf(elapsed);
    if (survival * this.size < 1) {
      const decay = Math.exp(-t / this.mean);
      return { probability: 1 - decay, partial: t - this.mean * (1 - decay) };
    }
    const base = this.cdf(elapsed);
    const probability = (this.cdf(elapsed + t) - base) / survival;
    const partial = (this.integratedCdf(elapsed + t) - this.integratedCdf(elapsed) - t * base) / survival;
    return { probability, partial: Math.max(0, partial) };
  }
}
