import { estimateWaitSeconds, HANDLE_TIME_WINDOW } from '../../routing/eta/estimator';
import { HandleTimeModel } from '../../routing/eta/handle-time-model';
import { seededRandom } from '../../routing/eta/random';

/**
 * A discrete-event simulation of a contact center: Poisson arrivals (optionally time-varying),
 * agents with skills, FCFS queues per skill, handle times exponential or lognormal, customers who
 * may abandon. At the moment each customer joins a queue, every predictor states its wait; the
 * customer's real wait is compared with each when they reach an agent.
 */

export interface Scenario {
  name: string;
  /** One entry per agent: the skills it takes. */
  agents: string[][];
  /** Arrival rate per second for each skill, at time t. */
  arrivals: Record<string, (t: number) => number>;
  /** The highest the arrival rates reach (for thinning). */
  peakArrivalRate: number;
  handle: { kind: 'exponential'; mean: number } | { kind: 'lognormal'; mean: number; scv: number };
  /** Mean patience in seconds (exponential), or null for customers who never abandon. */
  patienceMean: number | null;
  durationSeconds: number;
  /** Customers who arrive before this are not scored (the system and the estimator warm up). */
  warmUpSeconds: number;
  seed: number;
}

export const PREDICTORS = ['baton', 'ql', 'les', 'hol', 'movingAverage'] as const;
export type Predictor = (typeof PREDICTORS)[number];

export interface ScenarioResult {
  name: string;
  rase: Record<Predictor, number>;
  /** Scored customers: served after waiting, arrived after warm-up. */
  waited: number;
  meanWaitSeconds: number;
  abandoned: number;
}

interface Customer {
  id: number;
  skill: string;
  arrival: number;
  predictions: Record<Predictor, number> | null;
  state: 'waiting' | 'served' | 'abandoned';
  /** Skipped by the line: served or abandoned. */
  gone: boolean;
}

interface Agent {
  skills: string[];
  busy: Customer | null;
  startedAt: number;
  idleSince: number;
  recentSkills: string[];
}

type SimEvent =
  | { time: number; kind: 'arrival' }
  | { time: number; kind: 'done'; agent: number }
  | { time: number; kind: 'abandon'; customer: Customer };

class EventQueue {
  private readonly heap: SimEvent[] = [];
  get size() {
    return this.heap.length;
  }
  push(event: SimEvent) {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.time <= heap[i]!.time) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }
  pop(): SimEvent {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]!.time < heap[smallest]!.time) smallest = left;
        if (right < heap.length && heap[right]!.time < heap[smallest]!.time) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}

/** A FIFO queue whose members may leave from anywhere (abandonment). */
class WaitingLine {
  private items: Customer[] = [];
  private head = 0;
  count = 0;
  add(customer: Customer) {
    this.items.push(customer);
    this.count += 1;
  }
  first(): Customer | null {
    while (this.head < this.items.length && this.items[this.head]!.gone) this.head += 1;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return this.items[this.head] ?? null;
  }
  take(): Customer {
    const customer = this.first()!;
    this.head += 1;
    this.count -= 1;
    return customer;
  }
  leave(customer: Customer) {
    customer.gone = true;
    this.count -= 1;
  }
}

/** What the product can observe and learn, per skill: handle times and how often people abandon. */
class Observations {
  private readonly handleSamples: number[] = [];
  private model: HandleTimeModel | null = null;
  private sinceRebuild = 0;
  private readonly exits: Array<{ waited: number; abandoned: boolean }> = [];
  private waitedSum = 0;
  private abandonedCount = 0;

  constructor(private readonly window = { handles: HANDLE_TIME_WINDOW, exits: 5000 }) {}

  handled(seconds: number) {
    this.handleSamples.push(seconds);
    if (this.handleSamples.length > this.window.handles * 1.5) this.handleSamples.splice(0, this.handleSamples.length - this.window.handles);
    this.sinceRebuild += 1;
    if (this.handleSamples.length >= 20 && (this.model === null || this.sinceRebuild >= 200)) {
      this.model = new HandleTimeModel(this.handleSamples.slice(-this.window.handles));
      this.sinceRebuild = 0;
    }
  }

  leftQueue(waited: number, abandoned: boolean) {
    this.exits.push({ waited, abandoned });
    this.waitedSum += waited;
    if (abandoned) this.abandonedCount += 1;
    if (this.exits.length > this.window.exits) {
      const old = this.exits.shift()!;
      this.waitedSum -= old.waited;
      if (old.abandoned) this.abandonedCount -= 1;
    }
  }

  get handleTimes() {
    return this.model;
  }

  get abandonRate() {
    return this.waitedSum > 0 ? this.abandonedCount / this.waitedSum : 0;
  }
}

const MOVING_AVERAGE_OF = 20;
const RECENT_WORK_OF = 20;
/** The product's prior before it has seen any conversation end. */
const DEFAULT_HANDLE_SECONDS = 300;

export function simulate(scenario: Scenario): ScenarioResult {
  const random = seededRandom(scenario.seed);
  // The estimator's own stream, so the simulated contact center is the same whatever it draws.
  const estimatorRandom = seededRandom(scenario.seed ^ 0x5eed);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const handle = scenario.handle;
  const drawHandle =
    handle.kind === 'exponential'
      ? () => exponential(handle.mean)
      : (() => {
          const sigma2 = Math.log(1 + handle.scv);
          const mu = Math.log(handle.mean) - sigma2 / 2;
          const sigma = Math.sqrt(sigma2);
          return () => Math.exp(mu + sigma * normal());
        })();

  const skills = Object.keys(scenario.arrivals);
  const agents: Agent[] = scenario.agents.map((agentSkills) => ({ skills: agentSkills, busy: null, startedAt: 0, idleSince: 0, recentSkills: [] }));
  const eligible = new Map(skills.map((skill) => [skill, agents.map((agent, i) => (agent.skills.includes(skill) ? i : -1)).filter((i) => i >= 0)]));
  const lines = new Map(skills.map((skill) => [skill, new WaitingLine()]));
  const observed = new Map(skills.map((skill) => [skill, new Observations()]));
  const lastEnteredWait = new Map(skills.map((skill) => [skill, 0]));
  const recentWaits = new Map(skills.map((skill) => [skill, [] as number[]]));
  const trueMean = handle.mean;

  const errors = Object.fromEntries(PREDICTORS.map((p) => [p, 0])) as Record<Predictor, number>;
  let scored = 0;
  let waitSum = 0;
  let abandoned = 0;

  const events = new EventQueue();
  const nextArrival = (from: number) => {
    // Thinning: candidate arrivals at the peak rate, kept with probability rate(t)/peak.
    let t = from;
    for (;;) {
      t += exponential(1 / scenario.peakArrivalRate);
      const total = skills.reduce((sum, skill) => sum + scenario.arrivals[skill]!(t), 0);
      if (random() * scenario.peakArrivalRate <= total) return t;
    }
  };
  events.push({ time: nextArrival(0), kind: 'arrival' });

  const shareOf = (agent: Agent, skill: string) => {
    if (agent.skills.length === 1) return 1;
    if (agent.recentSkills.length === 0) return 1 / agent.skills.length;
    return agent.recentSkills.filter((s) => s === skill).length / agent.recentSkills.length;
  };

  const startService = (agentIndex: number, customer: Customer, now: number) => {
    const agent = agents[agentIndex]!;
    customer.state = 'served';
    agent.busy = customer;
    agent.startedAt = now;
    agent.recentSkills.push(customer.skill);
    if (agent.recentSkills.length > RECENT_WORK_OF) agent.recentSkills.shift();
    const wait = now - customer.arrival;
    lastEnteredWait.set(customer.skill, wait);
    if (customer.predictions) {
      observed.get(customer.skill)!.leftQueue(wait, false);
      const waits = recentWaits.get(customer.skill)!;
      waits.push(wait);
      if (waits.length > MOVING_AVERAGE_OF) waits.shift();
      if (customer.arrival >= scenario.warmUpSeconds) {
        scored += 1;
        waitSum += wait;
        for (const predictor of PREDICTORS) errors[predictor] += (customer.predictions[predictor] - wait) ** 2;
      }
    }
    events.push({ time: now + drawHandle(), kind: 'done', agent: agentIndex });
  };

  let nextId = 0;
  while (events.size > 0) {
    const event = events.pop();
    const now = event.time;
    if (now > scenario.durationSeconds && event.kind === 'arrival') continue;

    if (event.kind === 'arrival') {
      events.push({ time: nextArrival(now), kind: 'arrival' });
      // Which skill: in proportion to the rates now.
      const rates = skills.map((skill) => scenario.arrivals[skill]!(now));
      let pick = random() * rates.reduce((a, b) => a + b, 0);
      let skill = skills[skills.length - 1]!;
      for (let i = 0; i < skills.length; i += 1) {
        pick -= rates[i]!;
        if (pick <= 0) {
          skill = skills[i]!;
          break;
        }
      }
      const customer: Customer = { id: (nextId += 1), skill, arrival: now, predictions: null, state: 'waiting', gone: false };
      const candidates = eligible.get(skill)!;
      let free = -1;
      for (const i of candidates) {
        const agent = agents[i]!;
        if (agent.busy) continue;
        if (free < 0 || agent.skills.length < agents[free]!.skills.length || (agent.skills.length === agents[free]!.skills.length && agent.idleSince < agents[free]!.idleSince)) free = i;
      }
      if (free >= 0) {
        startService(free, customer, now);
        continue;
      }
      const line = lines.get(skill)!;
      const ahead = line.count;
      const head = line.first();
      const waits = recentWaits.get(skill)!;
      const observations = observed.get(skill)!;
      customer.predictions = {
        ql: (ahead + 1) * (trueMean / candidates.length),
        les: lastEnteredWait.get(skill)!,
        hol: head ? now - head.arrival : 0,
        movingAverage: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : 0,
        baton:
          estimateWaitSeconds({
            ahead,
            slots: candidates.map((i) => ({ elapsed: agents[i]!.busy ? now - agents[i]!.startedAt : null, share: shareOf(agents[i]!, skill) })),
            handleTimes: observations.handleTimes,
            defaultHandleSeconds: DEFAULT_HANDLE_SECONDS,
            abandonRate: observations.abandonRate,
          }, estimatorRandom) ?? 0,
      };
      line.add(customer);
      if (scenario.patienceMean !== null) events.push({ time: now + exponential(scenario.patienceMean), kind: 'abandon', customer });
      continue;
    }

    if (event.kind === 'abandon') {
      const { customer } = event;
      if (customer.state !== 'waiting') continue;
      customer.state = 'abandoned';
      lines.get(customer.skill)!.leave(customer);
      observed.get(customer.skill)!.leftQueue(now - customer.arrival, true);
      abandoned += 1;
      continue;
    }

    // A conversation ended: the agent takes whoever has waited longest among its skills.
    const agent = agents[event.agent]!;
    observed.get(agent.busy!.skill)!.handled(now - agent.startedAt);
    agent.busy = null;
    agent.idleSince = now;
    let next: Customer | null = null;
    for (const skill of agent.skills) {
      const head = lines.get(skill)!.first();
      if (head && (!next || head.arrival < next.arrival)) next = head;
    }
    if (next) {
      lines.get(next.skill)!.take();
      next.state = 'served';
      startService(event.agent, next, now);
    }
  }

  const meanWait = scored ? waitSum / scored : 0;
  const rase = Object.fromEntries(
    PREDICTORS.map((p) => [p, scored && meanWait > 0 ? Number((errors[p] / scored / meanWait ** 2).toFixed(4)) : NaN]),
  ) as Record<Predictor, number>;
  return { name: scenario.name, rase, waited: scored, meanWaitSeconds: Number(meanWait.toFixed(1)), abandoned };
}
