import { followEvents } from '/shared/event-stream.js';
import { h } from './dom.js';
import { briefPanel } from './brief-panel.js';
import { createComposer } from './composer.js';
import { conversationHeader } from './conversation-header.js';
import { confirmDialog } from './dialog.js';
import { knowledgeSearch } from './knowledge-search.js';
import { errorState, loadingState } from './list-row.js';
import { notesPanel } from './notes.js';
import { session } from './session.js';
import { stateChart } from './state-chart.js';
import { createTranscript } from './transcript.js';
import { openTransferDialog } from './transfer-dialog.js';

/**
 * One open conversation in the middle column: the whole transcript (loaded, then live from the
 * event stream, each message once), the composer for the agent holding it, and its brief, notes,
 * knowledge and state chart handed to the right column. What the person may do follows the state
 * stream: an offer to answer, a conversation to write in, one to watch (and take over), one ended.
 * Returns `{ element, id, refresh(), destroy() }`.
 */
export function openConversationView(ctx, conversationId, { side }) {
  const { api, me, bus } = ctx;
  const path = `/v1/conversations/${encodeURIComponent(conversationId)}`;
  const view = { id: conversationId, failed: false, record: null, state: null, path: null, holder: null, mode: 'watching', stream: 'connecting', offerExpiresAt: null, vip: false, refused: false, lostIt: false, resolvedAt: null };
  const cleanups = [];
  let stream = null;
  let retry = null;
  let closed = false;
  let replayDone = false;
  let settle = null;
  let heldBefore = false;
  let changed = false;
  /** Transferred away by this agent, until the stream says it is theirs again. */
  let handedOn = false;

  const agentName = (id) => ctx.agentName(id);
  const header = conversationHeader(ctx, {
    onAccept: async () => {
      await ctx.desk.accept(conversationId);
      await refresh();
    },
    onDecline: async () => {
      await ctx.desk.decline(conversationId);
      await refresh();
    },
    onTransfer: async () => {
      if (!(await openTransferDialog(ctx, conversationId))) return;
      // It is no longer this agent's to read: the stream tells the rest, no need to ask (and be refused).
      handedOn = true;
      update();
      bus.emit('conversation-changed', { conversationId });
      ctx.desk.refreshMine();
    },
    onResolve: async () => {
      const ok = await confirmDialog({ titleKey: 'resolve.title', messageKey: 'resolve.body', confirmKey: 'action.resolve' });
      if (!ok) return;
      try {
        await api.post(`${path}/resolve`, {});
        ctx.toasts.success(ctx.t('resolve.done'));
        afterChange();
      } catch (error) {
        ctx.fail(error, 'resolve.failed');
      }
    },
    onTakeOver: (button) => ctx.takeOver(conversationId, button),
    onClose: () => ctx.close(),
  });
  const transcript = createTranscript(ctx, { customerName: () => view.record?.customer?.name, agentName });
  const composer = createComposer(ctx, conversationId, {
    onSent: (message) => message.id && transcript.add(message),
    // Canned replies in the customer's language come first.
    locale: () => view.record?.locale ?? view.record?.customer?.locale ?? ctx.i18n.locale,
  });
  const brief = briefPanel(ctx, conversationId, { agentName, onInsert: (text) => composer.insert(text), onLoad: () => update() });
  const notes = notesPanel(ctx, conversationId, { agentName, onCount: (n) => side.setNotesCount(n) });
  const chart = stateChart(ctx);
  const knowledge = knowledgeSearch(ctx, { onInsert: (text) => composer.insert(text), locale: () => view.record?.locale ?? null });
  cleanups.push(() => brief.destroy(), () => notes.destroy(), () => chart.destroy(), () => transcript.destroy(), () => header.destroy());

  const body = h('div', { class: 'conversation-body' }, loadingState());
  const element = h('section', { class: 'conversation', 'aria-labelledby': 'conversation-title' }, header.element, body);

  function afterChange() {
    bus.emit('conversation-changed', { conversationId });
    ctx.desk.refreshMine();
    refresh();
  }

  /** What this person may do now, from the latest state. */
  function modeOf() {
    if (view.state === 'resolved') return 'ended';
    if (handedOn) return 'watching';
    if (me.agentId && view.holder === me.agentId && view.state === 'agent_assigned') return view.path?.endsWith('offered') ? 'offered' : 'held';
    return 'watching';
  }

  function update() {
    view.mode = modeOf();
    if (view.mode === 'held') heldBefore = true;
    // Held here before, now someone else's (a transfer): say so, rather than "not allowed".
    view.lostIt = heldBefore && view.mode === 'watching';
    if (view.lostIt) view.refused = false;
    view.offerExpiresAt = view.mode === 'offered' ? (ctx.desk.offerFor(conversationId)?.offerExpiresAt ?? view.record?.assignment?.offerExpiresAt ?? null) : null;
    view.vip = Boolean(brief.brief?.customer?.account?.vip);
    header.render(view);
    composer.setMode(view.refused ? 'refused' : view.mode);
    chart.setPath(view.path);
  }

  function fromRecord(record) {
    view.record = record;
    view.state = record.state;
    view.holder = record.assignment?.agentId ?? record.agentId ?? null;
    // The stream's path is finer (escalation_pending.matching); keep it while the record agrees.
    const coarse = record.state === 'agent_assigned' ? `agent_assigned.${record.assignment?.status ?? 'active'}` : record.state;
    if (!(view.path && view.path.split('.')[0] === record.state && record.state !== 'agent_assigned')) view.path = coarse;
    view.resolvedAt = record.resolvedAt ?? null;
  }

  async function refresh() {
    if ((view.lostIt || handedOn) && me.role === 'agent') return update();
    try {
      fromRecord(await api.get(path));
      update();
    } catch (error) {
      if (error?.status === 403) {
        view.refused = true;
        update();
      } else if (error?.status === 401) ctx.fail(error);
    }
  }

  function onEvent(type, data) {
    if (type === 'message') {
      transcript.add(data);
    } else if (type === 'delivery') {
      transcript.setDelivery(data);
    } else if (type === 'state') {
      transcript.addState(data);
      // A change of state or of hands (a transfer keeps the state) may change the brief and notes.
      changed ||= data.state !== view.state || data.path !== view.path || (data.agentId ?? null) !== view.holder;
      view.state = data.state;
      view.path = data.path;
      view.holder = data.agentId ?? (data.state === 'agent_assigned' ? view.holder : null);
      if (replayDone && data.state === 'agent_assigned' && data.agentId === me.agentId && data.path?.endsWith('active')) handedOn = false;
      if (data.state === 'resolved') view.resolvedAt = data.at;
      // The stream replays the whole history first; act once it has caught up.
      clearTimeout(settle);
      settle = setTimeout(() => {
        update();
        // An agent reads the brief and notes only while holding the conversation.
        const mayRead = me.role !== 'agent' || view.holder === me.agentId;
        if (replayDone && changed && mayRead) {
          if (view.state === 'bot') brief.notYet();
          else brief.reload();
          notes.reload();
        }
        changed = false;
        replayDone = true;
      }, 120);
    }
  }

  function follow(lastEventId = null) {
    stream = followEvents({
      path: `${path}/events`,
      credential: () => session.key,
      lastEventId,
      onEvent,
      onStatus(status) {
        if (closed) return;
        if (status === 'ended' && view.state !== 'resolved') {
          // Ended without the conversation being resolved: a server tick failed; read on from here.
          view.stream = 'retrying';
          retry = setTimeout(() => follow(stream.lastEventId), 1500);
        } else view.stream = status;
        if (status === 'refused') view.refused = true;
        update();
      },
    });
  }

  async function load() {
    try {
      const [record, transcriptAnswer] = await Promise.all([api.get(path), api.get(`${path}/messages`)]);
      if (closed) return;
      view.failed = false;
      fromRecord(record);
      if (record.state === 'bot') brief.notYet();
      else brief.reload();
      // Agents read notes only on conversations they hold; supervisors on any.
      if (me.role !== 'agent' || view.holder === me.agentId) notes.reload();
      body.replaceChildren(transcript.element, composer.element);
      for (const message of transcriptAnswer?.messages ?? []) transcript.add(message);
      transcript.rerender(true);
      update();
      side.setConversation({ brief, notes, knowledge, chart });
      follow();
    } catch (error) {
      if (closed) return;
      if (error?.status === 401) return ctx.fail(error);
      body.replaceChildren(errorState(error.status === 403 ? { message: ctx.t('conversation.forbidden') } : error.status === 404 ? { message: ctx.t('conversation.notFound') } : error, load));
      view.failed = true;
      header.render(view);
    }
  }

  // The desk feed knows first when this conversation is offered, taken or ended.
  for (const event of ['assigned', 'withdrawn', 'ended', 'offer']) {
    cleanups.push(bus.on(event, (data) => {
      if (data?.conversationId !== conversationId) return;
      if (event === 'ended' && data.reason === 'transferred') {
        handedOn = true;
        heldBefore = true;
        return update();
      }
      refresh();
    }));
  }
  cleanups.push(ctx.onLocale(() => update()));
  load();

  return {
    element,
    id: conversationId,
    refresh,
    destroy() {
      closed = true;
      stream?.close();
      clearTimeout(retry);
      clearTimeout(settle);
      cleanups.forEach((fn) => fn());
    },
  };
}
