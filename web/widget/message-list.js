/**
 * The conversation's messages, each exactly once, in the order they were said. The same message
 * comes by several roads — the reply to a POST, the event stream, the transcript loaded on resume —
 * so every one is keyed by its id. What the customer just typed is shown at once, as pending,
 * and becomes the server's message when either the POST answer or the stream names it.
 * Pure: no DOM, no network; entries keep their identity, so a screen can key its elements on them.
 */
export function createMessageList() {
  const byId = new Map();
  /** What the customer typed that no server message stands for yet, oldest first. */
  let pending = [];
  let arrivals = 0;
  let localKeys = 0;

  function place(entry, message) {
    Object.assign(entry, {
      id: message.id,
      from: message.from,
      text: message.text,
      at: message.at,
      time: Date.parse(message.at) || 0,
      agentId: message.agentId ?? null,
      agentName: message.agentName ?? null,
      quickReplies: Array.isArray(message.quickReplies) ? message.quickReplies : [],
      status: 'sent',
    });
    byId.set(message.id, entry);
  }

  return {
    /** A message from the server; false when it was already here as it is. */
    receive(message) {
      if (!message || typeof message.id !== 'string') return false;
      const known = byId.get(message.id);
      if (known) {
        if (known.at === message.at && known.text === message.text) return false;
        place(known, message);
        return true;
      }
      // The stream can name what the customer sent before the POST that sent it has answered.
      const typed = message.from === 'customer' ? pending.find((entry) => entry.text.trim() === message.text.trim() && entry.status === 'sending') : null;
      if (typed) {
        pending = pending.filter((entry) => entry !== typed);
        place(typed, message);
        return true;
      }
      place({ key: message.id, arrival: arrivals++ }, message);
      return true;
    },

    /** What the customer just typed, shown before the server has it. */
    addTyped(text) {
      const entry = { key: `typed-${++localKeys}`, arrival: arrivals++, id: null, from: 'customer', text, at: null, time: Infinity, agentId: null, quickReplies: [], status: 'sending' };
      pending.push(entry);
      return entry;
    },

    /**
     * The POST answered: the typed entry is message `messageId`. Until the stream tells its exact
     * time, it sits just before the replies it got.
     */
    confirmTyped(entry, messageId, replies = []) {
      if (byId.has(messageId)) {
        // The stream named it first (this very entry, adopted) or another copy stands for it.
        pending = pending.filter((other) => other !== entry);
        if (byId.get(messageId) === entry) entry.status = 'sent';
        return;
      }
      if (!pending.includes(entry)) return;
      pending = pending.filter((other) => other !== entry);
      const replyTimes = replies.map((reply) => Date.parse(reply.at)).filter(Number.isFinite);
      const latest = Math.max(0, ...[...byId.values()].map((other) => other.time));
      const time = replyTimes.length ? Math.min(...replyTimes) - 1 : latest;
      Object.assign(entry, { id: messageId, time, at: new Date(time || Date.now()).toISOString(), status: 'sent' });
      byId.set(messageId, entry);
    },

    /** The POST failed; unless the stream has shown the server has it after all. */
    failTyped(entry) {
      if (entry.id && byId.get(entry.id) === entry) return;
      entry.status = 'failed';
    },

    retryTyped(entry) {
      if (entry.status !== 'failed') return;
      entry.status = 'sending';
      entry.arrival = arrivals++;
      pending = [...pending.filter((other) => other !== entry), entry];
    },

    /** Oldest first: server messages by their time (ties by arrival), then what is still pending. */
    ordered() {
      const said = [...byId.values()].sort((a, b) => a.time - b.time || a.arrival - b.arrival);
      return [...said, ...pending];
    },

    /** The latest message, the customer's own included: only its quick replies are on offer. */
    latest() {
      return this.ordered().at(-1) ?? null;
    },

    get size() {
      return byId.size + pending.length;
    },

    clear() {
      byId.clear();
      pending = [];
    },
  };
}
