import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric Baton exposes, named once. Two registries, because two processes observe:
 *
 * - the worker's (`workerRegistry`): what activities see happen — an escalation recorded, an offer
 *   made, answered or run out, a bot reply, a delivery given up on. Counted once per event: the
 *   database says whether this attempt was the one that wrote it, so an activity's retry does not
 *   count twice, and the durations come from timestamps the database stored.
 * - the API's (`createApiMetrics`): its HTTP requests and refusals, and the floor as Postgres has it
 *   at scrape time (waiting conversations, free agent slots), so every replica reports the same truth.
 *
 * No label carries customer data: skills, channels, triggers, outcomes, route templates only.
 */

/** Seconds, from the instant a person was asked for to minutes in a queue. */
const HANDOFF_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];
/** Seconds an offer waits on an agent's desk: the default offer runs out after 30. */
const ACCEPT_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 120, 300];
/** Seconds a customer waits for the bot's answer. */
const BOT_REPLY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30];
/** Seconds an HTTP request takes (long-lived event streams land in the last bucket). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const workerRegistry = new Registry();
const inWorker = { registers: [workerRegistry] };

export const handoffOfferSeconds = new Histogram({
  name: 'baton_handoff_offer_seconds',
  help: 'From the request for a person (the escalation) to the first offer to an agent (or an agent taking it at once)',
  labelNames: ['skill'] as const,
  buckets: HANDOFF_BUCKETS,
  ...inWorker,
});

export const handoffAcceptSeconds = new Histogram({
  name: 'baton_handoff_accept_seconds',
  help: 'From an offer to the agent accepting it',
  labelNames: ['skill'] as const,
  buckets: ACCEPT_BUCKETS,
  ...inWorker,
});

export const botReplySeconds = new Histogram({
  name: 'baton_bot_reply_seconds',
  help: "From the customer's message being stored to the bot's reply being stored, by the kind of reply",
  labelNames: ['kind'] as const,
  buckets: BOT_REPLY_BUCKETS,
  ...inWorker,
});

export const escalationsTotal = new Counter({
  name: 'baton_escalations_total',
  help: 'Conversations the bot handed over, by what triggered it',
  labelNames: ['trigger'] as const,
  ...inWorker,
});

export const OFFER_OUTCOMES = ['accepted', 'declined', 'timed_out'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

export const offersTotal = new Counter({
  name: 'baton_offers_total',
  help: 'Offers agents answered or let run out, by outcome (auto-accepted offers and agents stepping in are not offers)',
  labelNames: ['outcome'] as const,
  ...inWorker,
});

export const deliveriesFailedTotal = new Counter({
  name: 'baton_deliveries_failed_total',
  help: "Outbox items whose delivery was given up on, by the conversation's channel and the target (the customer's channel, or a webhook)",
  labelNames: ['channel', 'target'] as const,
  ...inWorker,
});

/** How many of something there are per skill, as one query reads them. */
export interface SkillCount {
  skill: string;
  count: number;
}

/** Where the API's gauges read the floor from, at scrape time. */
export interface FloorReader {
  waitingBySkill(): Promise<SkillCount[]>;
  freeSlotsBySkill(): Promise<SkillCount[]>;
}

/** Sets a gauge to exactly the rows read: a skill no longer there disappears rather than keeping its last value. */
function setPerSkill(gauge: Gauge<'skill'>, rows: SkillCount[]): void {
  gauge.reset();
  for (const { skill, count } of rows) gauge.set({ skill }, count);
}

/** The API's registry: one per API (per database pool), with its gauges reading that database. */
export function createApiMetrics(floor: FloorReader) {
  const registry = new Registry();
  const inApi = { registers: [registry] };
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'baton_http_request_duration_seconds',
      help: 'HTTP requests by route template (`unmatched` for no route), method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: HTTP_BUCKETS,
      ...inApi,
    }),
    refusedTransitionsTotal: new Counter({
      name: 'baton_refused_transitions_total',
      help: 'Requests refused with a 409 because the conversation could not make that move (transition_refused, conversation_closed), by route template',
      labelNames: ['route', 'code'] as const,
      ...inApi,
    }),
    waitingConversations: new Gauge({
      name: 'baton_waiting_conversations',
      help: 'Conversations waiting in the queue, by the skill they wait for (read from Postgres at scrape time)',
      labelNames: ['skill'] as const,
      async collect() {
        setPerSkill(this, await floor.waitingBySkill());
      },
      ...inApi,
    }),
    freeAgentSlots: new Gauge({
      name: 'baton_free_agent_slots',
      help: 'Free conversation slots of available agents, by skill; an agent with several skills counts for each (read from Postgres at scrape time)',
      labelNames: ['skill'] as const,
      async collect() {
        setPerSkill(this, await floor.freeSlotsBySkill());
      },
      ...inApi,
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Several registries as one Prometheus text: their metric names never overlap. */
export async function metricsText(registries: readonly Registry[]): Promise<string> {
  const texts = await Promise.all(registries.map((registry) => registry.metrics()));
  return texts.filter((text) => text.trim()).join('\n');
}

/** The Prometheus text format's content type. */
export const METRICS_CONTENT_TYPE = workerRegistry.contentType;
