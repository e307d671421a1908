import { getShortestPaths } from 'xstate/graph';
import { conversationMachine, type ConversationEvent, type ConversationEventType } from '../../machines/conversation';
import { publicStateOf, statePathOf } from '../../machines/public-state';
import { accepts, persist, restore, start, step, type ConversationSnapshot } from '../../machines/step';

const AT = '2026-11-24T08:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(AT) + seconds * 1000).toISOString();
const requirement = { skill: 'general', minLevel: 1, priority: 0, language: 'zh' };

const sample: { [K in ConversationEventType]: Extract<ConversationEvent, { type: K }> } = {
  CUSTOMER_MESSAGE_RECEIVED: { type: 'CUSTOMER_MESSAGE_RECEIVED', messageId: 'm-1', text: '你好', at: AT },
  ESCALATION_REQUESTED: { type: 'ESCALATION_REQUESTED', trigger: 'keyword', messageId: 'm-1', evidence: '转人工', at: AT },
  BOT_FEEDBACK_RECEIVED: { type: 'BOT_FEEDBACK_RECEIVED', messageId: 'm-0', helpful: false },
  TAKEOVER_REQUESTED: { type: 'TAKEOVER_REQUESTED', agentId: 'agent-7', at: AT },
  CUSTOMER_PROFILE_FOUND: { type: 'CUSTOMER_PROFILE_FOUND', vip: true },
  CUSTOMER_PROFILE_UNAVAILABLE: { type: 'CUSTOMER_PROFILE_UNAVAILABLE', reason: 'CRM did not answer within 2000 ms' },
  CONTEXT_TRANSFERRED: { type: 'CONTEXT_TRANSFERRED', requirement },
  AGENT_ASSIGNED: { type: 'AGENT_ASSIGNED', agentId: 'agent-1', accepted: false, at: AT },
  NO_AGENT_AVAILABLE: { type: 'NO_AGENT_AVAILABLE', at: AT },
  OFFER_ACCEPTED: { type: 'OFFER_ACCEPTED', agentId: 'agent-1', at: AT },
  OFFER_DECLINED: { type: 'OFFER_DECLINED', agentId: 'agent-1', at: AT },
  OFFER_TIMED_OUT: { type: 'OFFER_TIMED_OUT', agentId: 'agent-1', at: later(30) },
  REROUTED: { type: 'REROUTED', agentId: 'agent-2', accepted: false, at: AT },
  TRANSFER_REQUESTED: { type: 'TRANSFER_REQUESTED', byAgentId: 'agent-1', target: { skill: 'billing', minLevel: 2 }, note: '退款需要财务处理', at: AT },
  TRANSFER_REFUSED: { type: 'TRANSFER_REFUSED', reason: 'agent agent-3 is not available with a free slot' },
  WAIT_ESTIMATED: { type: 'WAIT_ESTIMATED', standing: { position: 2, estimatedWaitSeconds: 240 }, at: AT },
  QUEUE_LEFT: { type: 'QUEUE_LEFT', choice: 'callback', at: AT },
  QUEUE_RECHECK_DUE: { type: 'QUEUE_RECHECK_DUE', at: AT },
  PRIORITY_RAISED: { type: 'PRIORITY_RAISED', priority: 5, skill: 'complaints', signal: 'legal_threat', messageId: 'm-9', at: AT },
  QUEUE_REORDERED: { type: 'QUEUE_REORDERED', at: AT },
  AGENT_MESSAGE_SENT: { type: 'AGENT_MESSAGE_SENT', agentId: 'agent-1', messageId: 'm-2', text: '您好' },
  RESOLVE_REQUESTED: { type: 'RESOLVE_REQUESTED', agentId: null, at: AT },
};

const waitPolicy = { reminderSeconds: 60, callbackOfferSeconds: 600 };
const offerPolicy = { timeoutSeconds: 30, awayAfterMissed: 3 };
const begin = () => start({ conversationId: 'c-1', channel: 'web', locale: null, waitPolicy, offerPolicy }).snapshot;

function drive(...events: ConversationEvent[]): ConversationSnapshot {
  return events.reduce((snapshot, event) => step(snapshot, event).snapshot, begin());
}

const atState = {
  bot: () => begin(),
  'escalation_pending.looking_up_customer': () => drive(sample.ESCALATION_REQUESTED),
  'escalation_pending.transferring_context': () => drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND),
  'escalation_pending.matching': () => drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, sample.CONTEXT_TRANSFERRED),
  queued: () => drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, sample.CONTEXT_TRANSFERRED, sample.NO_AGENT_AVAILABLE),
  'agent_assigned.offered': () => drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, sample.CONTEXT_TRANSFERRED, sample.AGENT_ASSIGNED),
  'agent_assigned.active': () => drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, sample.CONTEXT_TRANSFERRED, sample.AGENT_ASSIGNED, sample.OFFER_ACCEPTED),
  resolved: () => drive(sample.RESOLVE_REQUESTED),
} as const;

/** Every event each state accepts; every other event is refused. */
const ACCEPTED: Record<keyof typeof atState, ConversationEventType[]> = {
  bot: ['CUSTOMER_MESSAGE_RECEIVED', 'ESCALATION_REQUESTED', 'BOT_FEEDBACK_RECEIVED', 'TAKEOVER_REQUESTED', 'RESOLVE_REQUESTED'],
  'escalation_pending.looking_up_customer': ['CUSTOMER_MESSAGE_RECEIVED', 'PRIORITY_RAISED', 'CUSTOMER_PROFILE_FOUND', 'CUSTOMER_PROFILE_UNAVAILABLE'],
  'escalation_pending.transferring_context': ['CUSTOMER_MESSAGE_RECEIVED', 'PRIORITY_RAISED', 'CONTEXT_TRANSFERRED'],
  'escalation_pending.matching': ['CUSTOMER_MESSAGE_RECEIVED', 'PRIORITY_RAISED', 'AGENT_ASSIGNED', 'NO_AGENT_AVAILABLE'],
  queued: [
    'CUSTOMER_MESSAGE_RECEIVED', 'PRIORITY_RAISED', 'QUEUE_REORDERED', 'WAIT_ESTIMATED', 'QUEUE_LEFT', 'TAKEOVER_REQUESTED',
    'QUEUE_RECHECK_DUE', 'NO_AGENT_AVAILABLE', 'AGENT_ASSIGNED', 'RESOLVE_REQUESTED',
  ],
  'agent_assigned.offered': ['CUSTOMER_MESSAGE_RECEIVED', 'OFFER_ACCEPTED', 'OFFER_DECLINED', 'OFFER_TIMED_OUT', 'REROUTED', 'RESOLVE_REQUESTED', 'QUEUE_LEFT'],
  'agent_assigned.active': ['CUSTOMER_MESSAGE_RECEIVED', 'AGENT_MESSAGE_SENT', 'RESOLVE_REQUESTED', 'TRANSFER_REQUESTED', 'TRANSFER_REFUSED', 'REROUTED'],
  resolved: [],
};

describe('the conversation machine', () => {
  const eventTypes = Object.keys(sample) as ConversationEventType[];

  describe.each(Object.keys(atState) as Array<keyof typeof atState>)('in %s', (state) => {
    it('is in that state', () => {
      expect(statePathOf(atState[state]())).toBe(state);
    });

    it.each(eventTypes)('accepts or refuses %s as specified', (type) => {
      const snapshot = atState[state]();
      const expected = ACCEPTED[state].includes(type);
      expect(accepts(snapshot, sample[type])).toBe(expected);
      if (expected) expect(() => step(snapshot, sample[type])).not.toThrow();
      else expect(() => step(snapshot, sample[type])).toThrow(/not accepted/);
    });
  });

  it('walks bot → escalation_pending → queued → agent_assigned → resolved, naming each effect', () => {
    let snapshot = begin();
    const trail: Array<[string, string[]]> = [];
    const feed = (event: ConversationEvent) => {
      const next = step(snapshot, event);
      snapshot = next.snapshot;
      trail.push([publicStateOf(snapshot), next.effects.map((effect) => effect.type)]);
    };
    feed(sample.CUSTOMER_MESSAGE_RECEIVED);
    feed(sample.ESCALATION_REQUESTED);
    feed(sample.CUSTOMER_PROFILE_FOUND);
    feed(sample.CONTEXT_TRANSFERRED);
    feed(sample.NO_AGENT_AVAILABLE);
    feed(sample.WAIT_ESTIMATED);
    feed(sample.AGENT_ASSIGNED);
    feed(sample.OFFER_ACCEPTED);
    feed({ type: 'RESOLVE_REQUESTED', agentId: 'agent-1', at: AT });
    expect(trail).toEqual([
      ['bot', ['answerAsBot']],
      ['escalation_pending', ['recordState', 'announceTransfer', 'lookupCustomer']],
      ['escalation_pending', ['transferContext']],
      ['escalation_pending', ['matchSkills']],
      ['queued', ['recordState', 'estimateWait']],
      ['queued', ['announceQueuePosition']],
      ['agent_assigned', ['recordState']],
      ['agent_assigned', ['acceptOffer', 'recordState', 'announceAgent']],
      ['resolved', ['recordState', 'releaseRouting', 'announceResolution']],
    ]);
    expect(snapshot.status).toBe('done');
    expect(snapshot.context).toMatchObject({ agentId: 'agent-1', customerTurns: 1, customerVip: true, requirement, resolvedAt: AT });
  });

  it('weighs a thumbs-down on a bot answer, and only records a thumbs-up', () => {
    expect(step(begin(), sample.BOT_FEEDBACK_RECEIVED).effects).toEqual([{ type: 'weighFeedback', params: undefined }]);
    expect(accepts(begin(), { ...sample.BOT_FEEDBACK_RECEIVED, helpful: true })).toBe(false);
  });

  it('lets an agent step in: from the bot through the brief to routing, from the queue straight to routing', () => {
    const fromBot = step(begin(), sample.TAKEOVER_REQUESTED);
    expect(statePathOf(fromBot.snapshot)).toBe('escalation_pending.looking_up_customer');
    expect(fromBot.snapshot.context).toMatchObject({ takeoverAgentId: 'agent-7', escalation: { trigger: 'takeover' } });
    const fromQueue = step(atState.queued(), sample.TAKEOVER_REQUESTED);
    expect(fromQueue.effects.map((effect) => effect.type)).toEqual(['matchSkills']);
    expect(fromQueue.snapshot.context.takeoverAgentId).toBe('agent-7');
  });

  it('passes the customer message to the bot effect', () => {
    const { effects } = step(begin(), sample.CUSTOMER_MESSAGE_RECEIVED);
    expect(effects).toEqual([{ type: 'answerAsBot', params: { messageId: 'm-1', text: '你好' } }]);
  });

  it('keeps the escalation reason with its evidence', () => {
    expect(drive(sample.ESCALATION_REQUESTED).context.escalation).toEqual({
      trigger: 'keyword',
      messageId: 'm-1',
      evidence: '转人工',
      at: AT,
    });
  });

  it('hands off without the customer record when it cannot be had, keeping the reason for the brief', () => {
    const next = step(drive(sample.ESCALATION_REQUESTED), sample.CUSTOMER_PROFILE_UNAVAILABLE);
    expect(statePathOf(next.snapshot)).toBe('escalation_pending.transferring_context');
    expect(next.effects.map((effect) => effect.type)).toEqual(['transferContext']);
    expect(next.snapshot.context).toMatchObject({ profileGap: 'CRM did not answer within 2000 ms', customerVip: null });
  });

  it('refuses a resolve or a message from an agent who does not hold the conversation', () => {
    const assigned = atState['agent_assigned.active']();
    expect(accepts(assigned, { type: 'RESOLVE_REQUESTED', agentId: 'someone-else', at: AT })).toBe(false);
    expect(accepts(assigned, { ...sample.AGENT_MESSAGE_SENT, agentId: 'someone-else' })).toBe(false);
    expect(accepts(assigned, { type: 'RESOLVE_REQUESTED', agentId: 'agent-1', at: AT })).toBe(true);
  });

  it('lets only a service, not an agent, close a conversation the bot or the queue holds', () => {
    expect(accepts(begin(), { type: 'RESOLVE_REQUESTED', agentId: 'agent-1', at: AT })).toBe(false);
    expect(accepts(atState.queued(), { type: 'RESOLVE_REQUESTED', agentId: 'agent-1', at: AT })).toBe(false);
  });

  it('announces the queue standing when the place or the wait in minutes changed, and at least every minute', () => {
    const at = (seconds: number) => new Date(Date.parse(AT) + seconds * 1000).toISOString();
    const estimate = (position: number, wait: number, seconds: number): ConversationEvent => ({
      type: 'WAIT_ESTIMATED',
      standing: { position, estimatedWaitSeconds: wait },
      at: at(seconds),
    });
    const types = (next: { effects: Array<{ type: string }> }) => next.effects.map((effect) => effect.type);
    const first = step(atState.queued(), estimate(2, 240, 0));
    expect(types(first)).toEqual(['announceQueuePosition']);
    expect(first.snapshot.context.queue).toMatchObject({ position: 2, estimatedWaitSeconds: 240, enteredAt: AT, announcedAt: AT });
    const same = step(first.snapshot, estimate(2, 250, 20));
    expect(same.effects).toEqual([]);
    expect(same.snapshot.context.queue).toMatchObject({ estimatedWaitSeconds: 250, announcedAt: AT });
    const moved = step(same.snapshot, estimate(1, 250, 40));
    expect(types(moved)).toEqual(['announceQueuePosition']);
    const quiet = step(moved.snapshot, estimate(1, 250, 80));
    expect(quiet.effects).toEqual([]);
    const reminder = step(quiet.snapshot, estimate(1, 250, 100));
    expect(types(reminder)).toEqual(['announceQueuePosition']);
  });

  it('offers a callback or a message once, when the wait reaches the threshold', () => {
    const long: ConversationEvent = { type: 'WAIT_ESTIMATED', standing: { position: 30, estimatedWaitSeconds: 900 }, at: AT };
    const offered = step(atState.queued(), long);
    expect(offered.effects.map((effect) => effect.type)).toEqual(['announceQueuePosition', 'offerAlternatives']);
    const later = step(offered.snapshot, { ...long, standing: { position: 29, estimatedWaitSeconds: 870 } });
    expect(later.effects.map((effect) => effect.type)).toEqual(['announceQueuePosition']);
  });

  it.each([
    ['abandon', 'abandoned'],
    ['callback', 'callback_requested'],
    ['message', 'message_left'],
  ] as const)('lets the customer leave the queue (%s), ending %s', (choice, outcome) => {
    const left = step(atState.queued(), { type: 'QUEUE_LEFT', choice, at: AT });
    expect(left.snapshot.status).toBe('done');
    expect(left.snapshot.context.outcome).toBe(outcome);
    expect(left.effects.map((effect) => effect.type)).toEqual(['recordState', 'releaseRouting', 'announceResolution']);
  });

  it('rechecks the database for an agent when the queue timer fires', () => {
    expect(step(atState.queued(), sample.QUEUE_RECHECK_DUE).effects.map((effect) => effect.type)).toEqual(['matchSkills']);
  });

  it('reads again what the customer writes while waiting, and never answers it as the bot', () => {
    for (const state of ['escalation_pending.matching', 'queued'] as const) {
      const effects = step(atState[state](), sample.CUSTOMER_MESSAGE_RECEIVED).effects;
      expect(effects.map((effect) => effect.type)).toEqual(['triageWaitingMessage']);
    }
    for (const state of ['agent_assigned.offered', 'agent_assigned.active'] as const) {
      expect(step(atState[state](), sample.CUSTOMER_MESSAGE_RECEIVED).effects).toEqual([]);
    }
  });

  it('raises the priority a waiting message earned, moves it to the skill it names, and looks for an agent again', () => {
    const raised = step(atState.queued(), sample.PRIORITY_RAISED);
    expect(raised.snapshot.context.requirement).toMatchObject({ priority: 5, skill: 'complaints', minLevel: 1, why: 'waiting room: legal_threat' });
    expect(raised.snapshot.context.queue?.announcedAt).toBeNull();
    expect(raised.effects.map((effect) => effect.type)).toEqual(['matchSkills']);
    // Never lowered by a weaker signal.
    const weaker = step(raised.snapshot, { ...sample.PRIORITY_RAISED, priority: 3, skill: null });
    expect(weaker.snapshot.context.requirement).toMatchObject({ priority: 5, skill: 'complaints' });
  });

  it('tells a customer who was overtaken their new place', () => {
    expect(step(atState.queued(), sample.QUEUE_REORDERED).effects.map((effect) => effect.type)).toEqual(['estimateWait']);
    expect(step(atState.queued(), sample.NO_AGENT_AVAILABLE).effects.map((effect) => effect.type)).toEqual(['estimateWait']);
  });

  it('runs out an offer only when its time has come, and only for the agent it was made to', () => {
    const offered = atState['agent_assigned.offered']();
    expect(offered.context.offer).toEqual({ agentId: 'agent-1', expiresAt: later(30) });
    expect(accepts(offered, { ...sample.OFFER_TIMED_OUT, at: later(29) })).toBe(false);
    expect(accepts(offered, { ...sample.OFFER_TIMED_OUT, agentId: 'agent-9' })).toBe(false);
    expect(step(offered, sample.OFFER_TIMED_OUT).effects).toEqual([{ type: 'withdrawOffer', params: { agentId: 'agent-1', reason: 'timed_out' } }]);
    expect(accepts(offered, { ...sample.OFFER_ACCEPTED, agentId: 'agent-9' })).toBe(false);
    expect(accepts(offered, { ...sample.AGENT_MESSAGE_SENT })).toBe(false);
  });

  it('after a decline offers the next agent, or goes back to the queue keeping the time already waited', () => {
    const declined = step(atState['agent_assigned.offered'](), sample.OFFER_DECLINED);
    expect(declined.effects).toEqual([{ type: 'withdrawOffer', params: { agentId: 'agent-1', reason: 'declined' } }]);
    const next = step(declined.snapshot, { type: 'REROUTED', agentId: 'agent-2', accepted: false, at: later(5) });
    expect(statePathOf(next.snapshot)).toBe('agent_assigned.offered');
    expect(next.effects.map((effect) => effect.type)).toEqual(['recordState']);
    expect(next.snapshot.context.offer).toEqual({ agentId: 'agent-2', expiresAt: later(35) });
    const back = step(next.snapshot, { type: 'REROUTED', agentId: null, accepted: false, at: later(40) });
    expect(statePathOf(back.snapshot)).toBe('queued');
    expect(back.snapshot.context).toMatchObject({ agentId: null, offer: null, queue: { enteredAt: AT } });
  });

  it('relaxes the requirement step by step as the wait passes each step', () => {
    const relaxing = { ...requirement, skill: 'complaints', minLevel: 3, relax: [{ afterSeconds: 90, skill: 'complaints', minLevel: 2 }, { afterSeconds: 240, skill: 'general', minLevel: 3 }] };
    const queued = drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, { type: 'CONTEXT_TRANSFERRED', requirement: relaxing }, sample.NO_AGENT_AVAILABLE);
    const early = step(queued, { type: 'QUEUE_RECHECK_DUE', at: later(60) });
    expect(early.snapshot.context.requirement).toMatchObject({ skill: 'complaints', minLevel: 3 });
    const first = step(early.snapshot, { type: 'QUEUE_RECHECK_DUE', at: later(90) });
    expect(first.effects.map((effect) => effect.type)).toEqual(['matchSkills']);
    expect(first.snapshot.context.requirement).toMatchObject({ skill: 'complaints', minLevel: 2, relaxed: [{ afterSeconds: 90, at: later(90) }] });
    const both = step(queued, { type: 'QUEUE_RECHECK_DUE', at: later(300) });
    expect(both.snapshot.context.requirement).toMatchObject({ skill: 'general', minLevel: 3, relax: [] });
    expect(both.snapshot.context.requirement!.relaxed).toHaveLength(2);
  });

  it('skips steps nobody on duty could meet to the first one someone could, while matching and while queued, recording each skip', () => {
    const relaxing = {
      ...requirement,
      skill: 'orders',
      minLevel: 2,
      relax: [
        { afterSeconds: 90, skill: 'orders', minLevel: 1 },
        { afterSeconds: 180, skill: 'general', minLevel: 2 },
        { afterSeconds: 300, skill: 'general', minLevel: 1 },
      ],
    };
    const matching = drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, { type: 'CONTEXT_TRANSFERRED', requirement: relaxing });
    // Nobody on duty has orders at any level; someone has general ≥ 2.
    const skipped = step(matching, { type: 'NO_AGENT_AVAILABLE', at: later(1), firstStaffedStep: 2 });
    expect(statePathOf(skipped.snapshot)).toBe('escalation_pending.matching');
    expect(skipped.effects.map((effect) => effect.type)).toEqual(['matchSkills']);
    expect(skipped.snapshot.context.requirement).toMatchObject({
      skill: 'general',
      minLevel: 2,
      relax: [{ afterSeconds: 300 }],
      relaxed: [
        { afterSeconds: 90, at: later(1), skipped: 'nobody on duty has orders ≥ 2' },
        { afterSeconds: 180, at: later(1), skipped: 'nobody on duty has orders ≥ 1' },
      ],
    });
    // Someone on duty could meet it as it stands: it waits in the queue for the next step's time.
    const queued = step(skipped.snapshot, { type: 'NO_AGENT_AVAILABLE', at: later(2), firstStaffedStep: 0 });
    expect(statePathOf(queued.snapshot)).toBe('queued');
    // They went offline, and only a later step is met by someone on duty: the next recheck widens at once.
    const widened = step(queued.snapshot, { type: 'NO_AGENT_AVAILABLE', at: later(20), firstStaffedStep: 1 });
    expect(widened.effects.map((effect) => effect.type)).toEqual(['matchSkills']);
    expect(widened.snapshot.context.requirement).toMatchObject({ skill: 'general', minLevel: 1, relax: [] });
    // When no step could be met by anyone on duty, nothing is skipped: whoever comes first may fit it as it stands.
    const unmet = drive(sample.ESCALATION_REQUESTED, sample.CUSTOMER_PROFILE_FOUND, { type: 'CONTEXT_TRANSFERRED', requirement: relaxing });
    const waits = step(unmet, { type: 'NO_AGENT_AVAILABLE', at: later(1), firstStaffedStep: null });
    expect(statePathOf(waits.snapshot)).toBe('queued');
    expect(waits.snapshot.context.requirement).toMatchObject({ skill: 'orders', minLevel: 2 });
  });

  it('transfers to another skill, telling the customer, and refuses a transfer to the agent who holds it', () => {
    const active = atState['agent_assigned.active']();
    const asked = step(active, sample.TRANSFER_REQUESTED);
    expect(asked.effects).toEqual([
      {
        type: 'transfer',
        params: { byAgentId: 'agent-1', target: { skill: 'billing', minLevel: 2 }, note: '退款需要财务处理', requirement: { ...requirement, skill: 'billing', minLevel: 2, relax: [], relaxed: [], why: 'transferred by agent-1' } },
      },
    ]);
    const moved = step(asked.snapshot, { type: 'REROUTED', agentId: null, accepted: false, at: later(10), requirement: { ...requirement, skill: 'billing', minLevel: 2 } });
    expect(statePathOf(moved.snapshot)).toBe('queued');
    expect(moved.effects.map((effect) => effect.type)).toEqual(['announceHandover', 'recordState', 'estimateWait']);
    expect(moved.snapshot.context).toMatchObject({ requirement: { skill: 'billing' }, queue: { enteredAt: AT } });
    expect(accepts(active, { ...sample.TRANSFER_REQUESTED, target: { agentId: 'agent-1' } })).toBe(false);
    expect(accepts(active, { ...sample.TRANSFER_REQUESTED, byAgentId: 'agent-9' })).toBe(false);
    const refused = step(asked.snapshot, sample.TRANSFER_REFUSED);
    expect(statePathOf(refused.snapshot)).toBe('agent_assigned.active');
    expect(refused.snapshot.context.transferRefusal).toBe(sample.TRANSFER_REFUSED.reason);
  });

  it('survives persist and restore (continue-as-new) with its state and context', () => {
    for (const make of Object.values(atState)) {
      const snapshot = make();
      const restored = restore(JSON.parse(JSON.stringify(persist(snapshot))));
      expect(statePathOf(restored)).toBe(statePathOf(snapshot));
      expect(restored.context).toEqual(snapshot.context);
      expect(restored.status).toBe(snapshot.status);
    }
  });

  it('reaches every state from the start', () => {
    const paths = getShortestPaths(conversationMachine, {
      input: { conversationId: 'c-1', channel: 'web', locale: null, waitPolicy, offerPolicy },
      events: [...Object.values(sample), { type: 'RESOLVE_REQUESTED', agentId: 'agent-1', at: AT }],
      // Counters in the context make the snapshots infinite; the states are what must be reachable.
      serializeState: (state) => statePathOf(state as ConversationSnapshot),
      limit: 1000,
    });
    const reached = new Set(paths.map((path) => statePathOf(path.state as ConversationSnapshot)));
    expect([...reached].sort()).toEqual(Object.keys(atState).sort());
  });

  it('maps every state to one of the five public names', () => {
    expect(Object.values(atState).map((make) => publicStateOf(make()))).toEqual([
      'bot',
      'escalation_pending',
      'escalation_pending',
      'escalation_pending',
      'queued',
      'agent_assigned',
      'agent_assigned',
      'resolved',
    ]);
  });
});
