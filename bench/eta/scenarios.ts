import type { Scenario } from './simulator';

/** Handle times average 4 minutes; the product's prior is 5, so the estimator must learn. */
const MEAN_HANDLE = 240;
const HOUR = 3600;

const pool = (size: number, skills: string[] = ['general']) => Array.from({ length: size }, () => skills);
const constant = (rate: number) => () => rate;

function mms(servers: number, rho: number, extra: Partial<Scenario> = {}, label = 'M/M/s'): Scenario {
  const rate = (rho * servers) / MEAN_HANDLE;
  // Long enough for tens of thousands of scored customers: fewer wait at lower load, so it runs longer.
  const duration = (servers >= 100 ? 60_000 : 30_000) * (MEAN_HANDLE / servers) * (rho < 0.95 ? 3 : 1);
  return {
    name: `${label} s=${servers} rho=${rho}`,
    agents: pool(servers),
    arrivals: { general: constant(rate) },
    peakArrivalRate: rate,
    handle: { kind: 'exponential', mean: MEAN_HANDLE },
    patienceMean: null,
    durationSeconds: duration,
    warmUpSeconds: duration * 0.1,
    seed: servers * 1000 + Math.round(rho * 100),
    ...extra,
  };
}

function sinusoidal(servers: number, rho: number): Scenario {
  const mean = (rho * servers) / MEAN_HANDLE;
  const period = 4 * HOUR;
  const duration = 20 * period;
  return {
    name: `sinusoidal arrivals ±50% 4h s=${servers} rho=${rho}`,
    agents: pool(servers),
    arrivals: { general: (t: number) => mean * (1 + 0.5 * Math.sin((2 * Math.PI * t) / period)) },
    peakArrivalRate: mean * 1.5,
    handle: { kind: 'exponential', mean: MEAN_HANDLE },
    patienceMean: null,
    durationSeconds: duration,
    warmUpSeconds: period,
    seed: 77 + servers,
  };
}

function twoSkills(): Scenario {
  // One pool of 100: 30 take only A, 30 only B, 40 take both; A brings 60% of the work.
  const total = (0.95 * 100) / MEAN_HANDLE;
  const duration = 60_000 * (MEAN_HANDLE / 100);
  return {
    name: 'two skills sharing 40 of 100 agents rho=0.95',
    agents: [...pool(30, ['A']), ...pool(30, ['B']), ...pool(40, ['A', 'B'])],
    arrivals: { A: constant(total * 0.6), B: constant(total * 0.4) },
    peakArrivalRate: total,
    handle: { kind: 'exponential', mean: MEAN_HANDLE },
    patienceMean: null,
    durationSeconds: duration,
    warmUpSeconds: duration * 0.1,
    seed: 4242,
  };
}

export type ScenarioGoal = 'near-ql' | 'beat-all';

export const SCENARIOS: Array<{ scenario: Scenario; goal: ScenarioGoal }> = [
  ...[10, 100].flatMap((s) => [0.9, 0.95, 0.98].map((rho) => ({ scenario: mms(s, rho), goal: 'near-ql' as const }))),
  ...[10, 100].flatMap((s) =>
    [0.9, 0.95, 0.98].map((rho) => ({
      scenario: mms(s, rho, { patienceMean: 2 * MEAN_HANDLE, seed: 5000 + s + Math.round(rho * 100) }, 'M/M/s+M abandonment'),
      goal: 'beat-all' as const,
    })),
  ),
  ...[10, 100].map((s) => ({ scenario: sinusoidal(s, 0.9), goal: 'near-ql' as const })),
  { scenario: twoSkills(), goal: 'beat-all' },
  ...[10, 100].map((s) => ({
    scenario: mms(s, 0.95, { handle: { kind: 'lognormal', mean: MEAN_HANDLE, scv: 2 }, seed: 9000 + s }, 'M/LN/s lognormal scv=2'),
    goal: 'beat-all' as const,
  })),
];
