import { h } from './dom.js';
import { icon } from './icons.js';
import { date, dateTime, dayOf } from './format.js';

/**
 * The whole conversation, oldest first: the customer's words, the bot's answers (marked as the
 * bot's, with the quick replies it offered), the agents' replies and system notices, each with its
 * time, grouped by day, and the hand-over points between them. Messages are kept by id, so a
 * reload, a reconnect or the live stream repeating one never shows it twice.
 * A message on a channel Baton delivers to shows whether it reached the customer, and why not.
 * Returns `{ element, add(message), addState(state), setDelivery(delivery), reset(), rerender(), destroy }`.
 */
export function createTranscript(ctx, { customerName = () => null, agentName = (id) => id } = {}) {
  const { t, i18n, me } = ctx;
  const messages = new Map();
  const states = new Map();
  const log = h('ol', { class: 'transcript-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', i18nAria: 'transcript.label' });
  const jump = h('button', { type: 'button', class: 'jump-latest', hidden: true, i18n: 'transcript.newMessages', onclick: () => scrollToEnd(true) });
  const scroller = h('div', { class: 'transcript', tabindex: '0', i18nAria: 'transcript.label' }, log);
  const element = h('div', { class: 'transcript-wrap' }, scroller, jump);
  let lastDay = null;
  let lastAt = -Infinity;
  let frame = 0;

  // Whether the reader is at the newest message: kept there when the box around it changes size
  // (a banner appearing, the composer closing), left alone when they scrolled back to read.
  // Only the reader scrolling up unsticks it; content growing never moves scrollTop back.
  let stuck = true;
  let lastTop = 0;
  scroller.addEventListener('scroll', () => {
    if (nearEnd()) stuck = true;
    else if (scroller.scrollTop < lastTop) stuck = false;
    lastTop = scroller.scrollTop;
    if (stuck) jump.hidden = true;
  });
  const resized = new ResizeObserver(() => {
    if (stuck) scroller.scrollTop = scroller.scrollHeight;
  });
  resized.observe(scroller);

  const nearEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;

  function scrollToEnd(force) {
    if (force || stuck || nearEnd()) {
      scroller.scrollTop = scroller.scrollHeight;
      stuck = true;
      jump.hidden = true;
    } else jump.hidden = false;
  }

  function sorted() {
    return [...messages.values(), ...states.values()].sort((a, b) => a.time - b.time || a.order - b.order);
  }

  let order = 0;
  function entryOf(kind, item) {
    return { kind, item, time: Date.parse(item.at) || 0, order: order++ };
  }

  /** Adds or updates a message; returns whether it was new. */
  function add(message) {
    if (!message?.id) return false;
    const known = messages.get(message.id);
    if (known) {
      const changed = known.item.text !== message.text || known.item.at !== message.at;
      known.item = { ...known.item, ...message };
      if (changed) schedule(true);
      return false;
    }
    const entry = entryOf('message', message);
    messages.set(message.id, entry);
    if (entry.time >= lastAt && !frame) appendEntry(entry, true);
    else schedule(true);
    return true;
  }

  /** A hand-over point (escalated, queued, offered, taken, resolved) as a thin marker. */
  let lastStage = null;
  function addState(change) {
    if (!MARKED.has(change.path) && !MARKED.has(change.state)) return;
    // One marker per change of hands, not one per inner step (looking up the customer, matching…).
    const stage = change.state === 'agent_assigned' ? `${change.path}:${change.agentId}` : change.state;
    if (stage === lastStage) return;
    lastStage = stage;
    const key = `${stage}@${change.at}`;
    if (states.has(key)) return;
    const entry = entryOf('state', change);
    states.set(key, entry);
    if (entry.time >= lastAt && !frame) appendEntry(entry, false);
    else schedule(false);
  }

  function schedule(stick) {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      rerender(stick);
    });
  }

  function rerender(stick = false) {
    const atEnd = stuck || nearEnd();
    const top = scroller.scrollTop;
    log.replaceChildren();
    lastDay = null;
    lastAt = -Infinity;
    for (const entry of sorted()) appendEntry(entry, false, true);
    if (atEnd || stick) {
      scroller.scrollTop = scroller.scrollHeight;
      jump.hidden = true;
    } else scroller.scrollTop = top;
  }

  function appendEntry(entry, fromLive, quiet = false) {
    const day = dayOf(entry.item.at);
    if (day !== lastDay) {
      lastDay = day;
      log.append(h('li', { class: 'day-divider', role: 'separator' }, h('span', { text: date(i18n.locale, entry.item.at) })));
    }
    lastAt = Math.max(lastAt, entry.time);
    log.append(entry.kind === 'message' ? messageItem(entry.item) : stateItem(entry.item));
    if (!quiet) scrollToEnd(fromLive && entry.item.from === 'agent' && entry.item.agentId === me.agentId);
  }

  function timeOf(at) {
    return h('time', { class: 'message-time', datetime: at, title: dateTime(i18n.locale, at), text: i18n.time(at) });
  }

  function messageItem(message) {
    const from = ['customer', 'bot', 'agent', 'system'].includes(message.from) ? message.from : 'system';
    if (from === 'system') {
      return h('li', { class: 'message message-system' }, h('span', { class: 'message-text', text: message.text }), timeOf(message.at),
        message.delivery?.status === 'failed' ? deliveryNote(message.delivery) : null);
    }
    const who = from === 'customer'
      ? customerName() || t('sender.customer')
      : from === 'bot' ? t('sender.bot')
        : message.agentId && message.agentId === me.agentId ? t('sender.you') : agentName(message.agentId) || t('sender.agent');
    const quick = from === 'bot' && Array.isArray(message.quickReplies) && message.quickReplies.length
      ? h('div', { class: 'quick-replies' },
        h('span', { class: 'quick-label', i18n: 'transcript.quickReplies' }),
        message.quickReplies.map((reply) => h('span', { class: 'quick-reply', text: reply.label })))
      : null;
    return h('li', { class: ['message', `message-${from}`], dataset: { messageId: message.id } },
      h('div', { class: 'message-head' },
        from === 'bot' ? icon('bot', { className: 'bot-tag' }) : null,
        h('span', { class: 'message-who', text: who }),
        timeOf(message.at)),
      h('div', { class: 'message-bubble' }, h('p', { class: 'message-text', text: message.text }), quick),
      deliveryNote(message.delivery));
  }

  /** Whether the customer's channel (Telegram, WeChat) took it: a failure says why, never silently. */
  function deliveryNote(delivery) {
    if (!delivery) return null;
    if (delivery.status === 'failed') {
      return h('p', { class: 'delivery delivery-failed', role: 'status' }, icon('alert'), h('span', { text: t('transcript.notDelivered', { reason: delivery.reason || '' }) }));
    }
    return h('p', { class: ['delivery', `delivery-${delivery.status}`], text: t(delivery.status === 'sent' ? 'transcript.delivered' : 'transcript.sending') });
  }

  /** A delivery's news from the stream: the message it is about shows it. */
  function setDelivery({ messageId, status, reason }) {
    const known = messages.get(messageId);
    if (!known) return;
    known.item = { ...known.item, delivery: { status, reason } };
    schedule(false);
  }

  function stateItem(change) {
    const label = change.state === 'agent_assigned'
      ? t(change.path?.endsWith('offered') ? 'marker.offered' : 'marker.active', { name: agentName(change.agentId) || change.agentId || '' })
      : t(`marker.${change.state}`);
    return h('li', { class: 'state-marker', role: 'note' }, h('span', { text: label }), timeOf(change.at));
  }

  const offLocale = ctx.onLocale(() => rerender());
  return {
    element,
    add,
    addState,
    setDelivery,
    rerender,
    get size() {
      return messages.size;
    },
    scrollToEnd: () => scrollToEnd(true),
    destroy() {
      offLocale();
      resized.disconnect();
      cancelAnimationFrame(frame);
    },
  };
}

/** The moments worth a marker in the transcript: where the conversation changed hands. */
const MARKED = new Set(['escalation_pending', 'queued', 'agent_assigned.offered', 'agent_assigned.active', 'resolved']);
