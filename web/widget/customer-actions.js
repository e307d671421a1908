import { ApiError } from '../shared/api.js';

/**
 * What the customer can do in the conversation: say something (and try again when it did not go),
 * ask for a person, choose a quick reply, leave the queue with a number to call or a message.
 * Each waits for the session, then takes the answer's replies and state in; a refused token ends
 * the session, a refused step makes the screen read the state again.
 */
export function createCustomerActions(conversation) {
  const { ready, api, path, messages, store, set, emit, turn, isCurrent, absorbAnswer, refreshState, expire, isRefusal } = conversation;
  let repliesAwaited = 0;

  async function deliver(entry) {
    emit();
    if (!(await ready())) {
      messages.failTyped(entry);
      return emit();
    }
    const sent = turn();
    repliesAwaited++;
    set({ awaitingReply: true });
    try {
      // One key per thing typed, kept across retries: a retry after a lost answer is still one message.
      entry.idempotencyKey ??= newIdempotencyKey();
      const answer = await api.post(path('/messages'), { text: entry.text }, { idempotencyKey: entry.idempotencyKey });
      if (!isCurrent(sent)) return;
      messages.confirmTyped(entry, answer.messageId, answer.replies);
      absorbAnswer(answer, sent);
    } catch (error) {
      if (!isCurrent(sent)) return;
      messages.failTyped(entry);
      if (isRefusal(error)) expire();
      else if (error instanceof ApiError && error.code === 'transition_refused') refreshState(sent);
    } finally {
      repliesAwaited = Math.max(0, repliesAwaited - 1);
      if (isCurrent(sent)) set({ awaitingReply: repliesAwaited > 0 });
    }
  }

  /** One request; `{ok}`, with the error when the server said no for a reason the caller may handle. */
  async function act(request) {
    if (!(await ready())) return { ok: false };
    const sent = turn();
    set({ busy: true, actionFailed: false });
    try {
      const answer = await request();
      if (!isCurrent(sent)) return { ok: false };
      absorbAnswer(answer, sent);
      return { ok: true };
    } catch (error) {
      if (!isCurrent(sent)) return { ok: false };
      if (isRefusal(error)) {
        expire();
        return { ok: false };
      }
      if (error instanceof ApiError && error.code === 'transition_refused') {
        // Already past that step (a second click on 转人工服务, say): the server says where things are.
        refreshState(sent);
        return { ok: false, error };
      }
      if (!(error instanceof ApiError && error.status === 400)) set({ actionFailed: true });
      return { ok: false, error };
    } finally {
      if (isCurrent(sent)) set({ busy: false });
    }
  }

  async function handoff() {
    set({ handoffRequested: true });
    try {
      return await act(() => api.post(path('/handoff'), { source: 'menu' }));
    } finally {
      set({ handoffRequested: false });
    }
  }

  async function leaveQueue(body) {
    const result = await act(() => api.post(path('/leave-queue'), body));
    if (result.ok) return set({ leaveQueueForm: null, formError: null });
    const error = result.error;
    if (error instanceof ApiError && error.status === 400 && error.field === 'callbackNumber') {
      // No phone on record, or the one typed is not a number: ask for one.
      set({ leaveQueueForm: 'callback', formError: body.callbackNumber ? 'invalidPhone' : null });
    } else if (error instanceof ApiError && error.status === 400) {
      set({ formError: 'actionFailed' });
    }
  }

  function send(text) {
    const trimmed = text.trim();
    if (trimmed) return deliver(messages.addTyped(trimmed));
  }

  return {
    send,
    retry(entry) {
      messages.retryTyped(entry);
      return deliver(entry);
    },
    handoff,
    /** A quick reply: its buttons are put away, and it does what its action says. */
    chooseQuickReply(reply, entry) {
      store.dismissReplies(entry.id);
      set({ dismissedReplies: entry.id });
      if (reply.action === 'message') return send(reply.text || reply.label);
      if (reply.action === 'handoff') return handoff();
      if (reply.action === 'leave_queue') {
        if (reply.choice === 'message') return set({ leaveQueueForm: 'message', formError: null });
        return leaveQueue({ choice: reply.choice ?? 'abandon' });
      }
      // keep_waiting: putting the buttons away is all it asks.
    },
    submitCallbackNumber: (callbackNumber) => leaveQueue({ choice: 'callback', callbackNumber }),
    submitLeftMessage: (message) => leaveQueue({ choice: 'message', message }),
    /** The form is put away and the choices it came from are offered again. */
    cancelLeaveQueueForm() {
      store.dismissReplies(null);
      set({ leaveQueueForm: null, formError: null, dismissedReplies: null });
    },
    clearActionFailed: () => set({ actionFailed: false }),
  };
}

/** Random enough to be unique; crypto.randomUUID exists only on https pages, getRandomValues everywhere. */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
