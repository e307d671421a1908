import { ApiError, createApi } from '../shared/api.js';
import { followEvents } from '../shared/event-stream.js';
import { createCustomerActions } from './customer-actions.js';
import { createMessageList } from './message-list.js';
import { requestSession, SessionError } from './session.js';

const QUEUE_POLL_MS = 5_000;
/** A stream the server closed before the conversation ended (a restart, a proxy) is opened again. */
const REOPEN_STREAM_MS = 3_000;
/** A saved token this close to its expiry is not used on its own any more. */
const TOKEN_MARGIN_MS = 60_000;

const tokenHolds = (session) => !session.expiresAt || Date.parse(session.expiresAt) > Date.now() + TOKEN_MARGIN_MS;

/**
 * The customer's live conversation: getting or resuming the session, the transcript, the state of
 * the handoff, the place in line, and everything the customer can do. Screens subscribe and get a
 * snapshot on every change; they never call the API themselves. What the customer does is in
 * customer-actions.js.
 *
 * `phase` is where the session is: idle (none yet), opening, ready, failed (the session URL or the
 * API could not be reached), expired (the token was refused; a new conversation is needed).
 */
export function createConversation({ baseUrl, sessionUrl, store, locale }) {
  const messages = createMessageList();
  const changeListeners = new Set();
  const arrivalListeners = new Set();
  let session = null;
  let stream = null;
  let queueTimer = null;
  let opening = null;
  /** Bumped whenever the session changes: answers that belong to an older one are ignored. */
  let generation = 0;
  /** Counts state events from the stream: a POST's answer names the state only if none came since. */
  let stateEvents = 0;
  let emitQueued = false;

  const initialView = () => ({
    phase: 'idle',
    connection: 'idle',
    conversationId: null,
    state: null,
    path: null,
    agentId: null,
    queue: null,
    awaitingReply: false,
    busy: false,
    /** 转人工服务 was chosen and the server has not answered yet: the strip says so at once. */
    handoffRequested: false,
    actionFailed: false,
    leaveQueueForm: null,
    formError: null,
    dismissedReplies: null,
  });
  let view = initialView();

  const api = createApi({ baseUrl, credential: () => session?.token ?? '' });
  const conversationPath = (suffix = '') => `/v1/conversations/${encodeURIComponent(session.conversationId)}${suffix}`;

  function snapshot() {
    return { ...view, messages: messages.ordered(), latest: messages.latest() };
  }

  function emit() {
    if (emitQueued) return;
    emitQueued = true;
    queueMicrotask(() => {
      emitQueued = false;
      const current = snapshot();
      for (const listener of changeListeners) listener(current);
    });
  }

  function set(changes) {
    view = { ...view, ...changes };
    emit();
  }

  const isRefusal = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404);

  /** The token no longer opens this conversation: it is kept on screen, and a new one is needed. */
  function expire() {
    generation++;
    stopFollowing();
    store.forget();
    set({ phase: 'expired', connection: 'idle', busy: false, awaitingReply: false, leaveQueueForm: null });
  }

  function stopFollowing() {
    stream?.close();
    stream = null;
    stopQueuePolling();
  }

  function applyState({ state, path, agentId }) {
    if (!state) return;
    set({ state, path: path ?? state, agentId: agentId ?? null });
    if (state === 'queued') startQueuePolling();
    else {
      stopQueuePolling();
      if (view.queue) set({ queue: null });
    }
    if (state !== 'queued' && state !== 'agent_assigned' && view.leaveQueueForm) set({ leaveQueueForm: null, formError: null });
    // Over: the transcript stays on screen, but the next open starts a new conversation.
    if (state === 'resolved') store.forget();
  }

  /** A POST's answer: the state it names, unless the stream has told something newer meanwhile. */
  function absorbAnswer(answer, sent) {
    for (const reply of answer?.replies ?? []) messages.receive(reply);
    if (answer?.state && stateEvents === sent.stateEvents && answer.state !== view.state) applyState({ state: answer.state, path: answer.state, agentId: view.agentId });
    emit();
  }

  function startQueuePolling() {
    if (queueTimer) return;
    const mine = generation;
    const poll = async () => {
      try {
        const record = await api.get(conversationPath());
        if (mine === generation && view.state === 'queued') set({ queue: record?.queue ?? null });
      } catch (error) {
        if (mine === generation && isRefusal(error)) expire();
      }
    };
    poll();
    queueTimer = setInterval(poll, QUEUE_POLL_MS);
  }

  function stopQueuePolling() {
    clearInterval(queueTimer);
    queueTimer = null;
  }

  function follow(mine) {
    stream?.close();
    const conversationId = session.conversationId;
    stream = followEvents({
      baseUrl,
      path: conversationPath('/events'),
      credential: () => session?.token ?? '',
      lastEventId: store.lastEventId(conversationId),
      onEvent(type, data, eventId) {
        if (mine !== generation) return;
        if (eventId) store.rememberEventId(conversationId, eventId);
        if (type === 'message') {
          if (messages.receive(data)) {
            for (const listener of arrivalListeners) listener(data);
            emit();
          }
        } else if (type === 'state') {
          stateEvents++;
          applyState(data);
        }
      },
      onStatus(status) {
        if (mine !== generation) return;
        if (status === 'refused') return expire();
        set({ connection: status === 'open' ? 'open' : status === 'retrying' ? 'retrying' : 'ended' });
        if (status === 'ended' && view.state !== 'resolved') {
          setTimeout(() => mine === generation && follow(mine), REOPEN_STREAM_MS);
        }
      },
    });
  }

  /** Loads what was said so far, then follows what happens next. */
  async function attach(next, mine) {
    if (session?.conversationId !== next.conversationId) {
      stopFollowing();
      messages.clear();
      view = { ...initialView(), phase: 'opening' };
    }
    session = next;
    const [record, transcript] = await Promise.all([api.get(conversationPath()), api.get(conversationPath('/messages'))]);
    if (mine !== generation) return 'stale';
    for (const message of transcript?.messages ?? []) messages.receive(message);
    const path = record.state === 'agent_assigned' ? `agent_assigned.${record.assignment?.status ?? 'offered'}` : record.state;
    set({ phase: 'ready', conversationId: next.conversationId, dismissedReplies: store.dismissedReplies() });
    applyState({ state: record.state, path, agentId: record.agentId ?? null });
    if (record.state === 'queued') set({ queue: record.queue ?? null });
    if (record.state === 'resolved') return 'resolved';
    follow(mine);
    return 'following';
  }

  /** Drops a saved conversation that is over or no longer the customer's: back to idle. */
  function abandonSaved() {
    store.forget();
    session = null;
    messages.clear();
    view = initialView();
    emit();
  }

  /**
   * Opens the conversation: with `ask`, through the shop's session URL (resuming `saved` if there
   * is one); without, straight from the saved token, which only reads and so creates nothing. A
   * saved conversation that is over, or whose token is refused, is forgotten; a new one is opened
   * only if `create`.
   */
  async function begin(saved, { ask, create }) {
    const mine = ++generation;
    set({ phase: 'opening' });
    try {
      const next = ask ? await sessionFor(saved) : saved;
      if (mine !== generation) return;
      if (!next) {
        abandonSaved();
        return create ? begin(null, { ask: true, create }) : undefined;
      }
      store.save(next);
      const outcome = await attach(next, mine);
      if (mine === generation && outcome === 'resolved' && saved?.conversationId === next.conversationId) {
        abandonSaved();
        if (create) return begin(null, { ask: true, create });
      }
    } catch (error) {
      if (mine !== generation) return;
      if (saved && isRefusal(error)) {
        abandonSaved();
        return create ? begin(null, { ask: true, create }) : undefined;
      }
      // A quiet resume that failed is tried again, by the shop's session URL, when the panel opens.
      if (!create) return set({ phase: 'idle' });
      console.warn('Baton widget: could not open the conversation:', error);
      set({ phase: 'failed' });
    }
  }

  /** What the shop's backend hands back; null when it declined to resume the saved session. */
  async function sessionFor(saved) {
    try {
      const next = await requestSession({ sessionUrl, locale: locale(), resume: saved });
      // A resumed session may come back without its expiry (the same token): it keeps the one it had.
      return !next.expiresAt && saved && next.token === saved.token ? { ...next, expiresAt: saved.expiresAt ?? null } : next;
    } catch (error) {
      const unreachable = !(error instanceof SessionError) || error.status === 0 || error.status >= 500;
      // The shop's backend is down but the saved token still holds: carry on with it.
      if (unreachable && saved && tokenHolds(saved)) return saved;
      if (!unreachable && saved) return null;
      throw error;
    }
  }

  /**
   * On page load (`create` false) a saved conversation is picked up with its token, asking the
   * shop for nothing; when the panel opens (`create`), the shop's session URL resumes or opens one.
   */
  function connect({ create }) {
    if (view.phase === 'opening' || view.phase === 'ready' || view.phase === 'expired') return opening;
    const saved = store.saved();
    if (!create && !(saved && tokenHolds(saved))) return Promise.resolve();
    opening = begin(saved, { ask: create, create }).finally(() => {
      opening = null;
    });
    return opening;
  }

  /** Resolves once the session is ready; false if it could not be opened. */
  async function ready() {
    if (view.phase !== 'ready') await connect({ create: true });
    while (opening) await opening;
    return view.phase === 'ready';
  }

  /** After a refusal the server knows better than this screen: read the state again. */
  async function refreshState(turn) {
    try {
      const record = await api.get(conversationPath());
      if (isCurrent(turn) && record.state !== view.state) {
        const path = record.state === 'agent_assigned' ? `agent_assigned.${record.assignment?.status ?? 'offered'}` : record.state;
        applyState({ state: record.state, path, agentId: record.agentId ?? null });
      }
    } catch (error) {
      if (isCurrent(turn) && isRefusal(error)) expire();
    }
  }

  /** Where things stood when a request left: its answer counts only if the session is the same. */
  const turn = () => ({ generation, stateEvents });
  const isCurrent = (t) => t.generation === generation;

  const actions = createCustomerActions({
    ready,
    api,
    path: conversationPath,
    messages,
    store,
    set,
    emit,
    turn,
    isCurrent,
    absorbAnswer,
    refreshState,
    expire,
    isRefusal,
  });

  return {
    snapshot,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    /** A message that came over the stream, live (not one loaded with the transcript). */
    onArrival(listener) {
      arrivalListeners.add(listener);
      return () => arrivalListeners.delete(listener);
    },
    /** Resumes a saved session without creating anything (the page just loaded). */
    resume: () => connect({ create: false }),
    /** The panel opened: resume, or open a new conversation. */
    open: () => connect({ create: true }),
    retryOpening() {
      if (view.phase === 'failed') set({ phase: 'idle' });
      return connect({ create: true });
    },
    ...actions,
    /** Leaves what is on screen behind and opens a new conversation. */
    startNew() {
      generation++;
      stopFollowing();
      store.forget();
      session = null;
      messages.clear();
      view = initialView();
      emit();
      return connect({ create: true });
    },
  };
}
