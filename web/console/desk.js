import { followEvents } from '/shared/event-stream.js';
import { h } from './dom.js';
import { offerCard } from './offer-card.js';
import { myConversations } from './my-conversations.js';
import { statusControl } from './status-control.js';
import { createTabs } from './tabs.js';
import { emptyState } from './list-row.js';
import { agentsView, allView, liveBotsView, queueView } from './supervisor-views.js';
import { session } from './session.js';

/**
 * The left column: the agent's status and load, the live desk feed (offers arriving, assigned,
 * withdrawn, ended) and the lists — Offers and Mine for anyone who takes conversations, Live bots
 * for everyone, Queue, All and Agents for supervisors. Returns `{ element, destroy }`.
 */
export function createDesk(ctx) {
  const { api, me, bus, t } = ctx;
  const agentId = me.agentId;
  const supervisor = me.role === 'supervisor' || me.role === 'service';
  const offers = new Map();
  const cards = new Map();
  const cleanups = [];
  let offerList = null;
  let feed = null;
  let reconnect = null;

  const standing = agentId ? statusControl(ctx, me.agent) : null;
  const mine = agentId ? myConversations(ctx) : null;

  // Tabs fill their first panel while being made, before `tabs` is assigned: counts wait for it.
  let tabs = null;
  const setCount = (id, n) => tabs?.setCount(id, n);
  tabs = createTabs({
    labelKey: 'desk.lists',
    className: 'desk-tabs',
    selected: session.tab,
    onSelect: (id) => (session.tab = id),
    tabs: [
      ...(agentId ? [
        { id: 'offers', labelKey: 'tab.offers', show: showOffers, alertCount: true },
        { id: 'mine', labelKey: 'tab.mine', show: (panel) => mine.show(panel) },
      ] : []),
      { id: 'bots', labelKey: 'tab.liveBots', show: (panel) => liveBotsView(ctx, panel, (n) => setCount('bots', n)) },
      ...(supervisor ? [
        { id: 'queue', labelKey: 'tab.queue', show: (panel) => queueView(ctx, panel, (n) => setCount('queue', n)) },
        { id: 'all', labelKey: 'tab.all', show: (panel) => allView(ctx, panel, (n) => setCount('all', n)) },
        { id: 'agents', labelKey: 'tab.agents', show: (panel) => agentsView(ctx, panel) },
      ] : []),
    ],
  });

  if (mine) {
    mine.onCount = (n) => setCount('mine', n);
    mine.refresh();
  }

  function showOffers(panel) {
    offerList = h('div', { class: 'offer-list' });
    panel.append(offerList);
    renderOffers();
    return () => {
      offerList = null;
    };
  }

  function renderOffers() {
    setCount('offers', offers.size);
    for (const [id, card] of cards) {
      if (!offers.has(id)) {
        card.destroy();
        card.element.remove();
        cards.delete(id);
      }
    }
    if (!offerList) return;
    if (offers.size === 0) {
      offerList.replaceChildren(emptyState('offers.emptyTitle', standing?.status === 'available' ? 'offers.emptyAvailable' : 'offers.emptyNotAvailable'));
      return;
    }
    offerList.querySelector('.empty-state')?.remove();
    const ordered = [...offers.values()].sort((a, b) => Date.parse(a.offerExpiresAt) - Date.parse(b.offerExpiresAt));
    for (const offer of ordered) {
      let card = cards.get(offer.conversationId);
      if (!card) {
        card = offerCard(ctx, offer, {
          onAccept: () => accept(offer.conversationId),
          onDecline: () => decline(offer.conversationId),
          onOpen: () => ctx.open(offer.conversationId),
        });
        cards.set(offer.conversationId, card);
      }
      offerList.append(card.element);
    }
  }

  async function accept(conversationId) {
    try {
      await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/accept`, {});
      offers.delete(conversationId);
      renderOffers();
      mine?.refresh();
      ctx.open(conversationId);
      bus.emit('conversation-changed', { conversationId });
    } catch (error) {
      ctx.fail(error, 'offer.acceptFailed');
      if (error?.status === 409 || error?.status === 404) {
        offers.delete(conversationId);
        renderOffers();
      }
    }
  }

  async function decline(conversationId) {
    try {
      await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/decline`, {});
      offers.delete(conversationId);
      renderOffers();
      bus.emit('conversation-changed', { conversationId });
    } catch (error) {
      ctx.fail(error, 'offer.declineFailed');
    }
  }

  function onEvent(type, data) {
    const id = data?.conversationId;
    if (type === 'agent') {
      standing?.update(data);
      if (offerList && offers.size === 0) renderOffers();
    } else if (type === 'offer' && id) {
      const known = offers.has(id);
      offers.set(id, data);
      if (!known) {
        renderOffers();
        ctx.alerts.offer({
          title: t('alert.offerTitle'),
          body: data.summary ?? t('offer.noSummary'),
          tag: id,
          onClick: () => tabs.select('offers', { focus: true }),
        });
        bus.emit('offer', data);
      }
    } else if (type === 'assigned' && id) {
      offers.delete(id);
      renderOffers();
      mine?.refresh();
      bus.emit('assigned', data);
    } else if (type === 'withdrawn' && id) {
      const wasOffered = offers.delete(id);
      renderOffers();
      if (wasOffered && data.reason === 'timed_out') ctx.toasts.info(t('offer.timedOut'));
      mine?.refresh();
      bus.emit('withdrawn', data);
    } else if (type === 'ended' && id) {
      mine?.refresh();
      bus.emit('ended', data);
    }
  }

  function follow() {
    feed = followEvents({
      path: `/v1/agents/${encodeURIComponent(agentId)}/events`,
      credential: () => session.key,
      onEvent,
      onStatus(status, code) {
        ctx.setConnection(status === 'open' ? 'live' : status === 'refused' ? 'refused' : 'reconnecting');
        // The desk feed never ends by itself: an end is a failed server tick, so read it again.
        if (status === 'ended') reconnect = setTimeout(follow, 1500);
        if (status === 'refused') ctx.toasts.error({ message: t('desk.feedRefused', { status: code }) });
      },
    });
  }

  if (agentId) follow();
  else ctx.setConnection('none');

  const element = h('aside', { class: 'desk', 'aria-labelledby': 'desk-title' },
    h('h2', { id: 'desk-title', class: 'visually-hidden', i18n: 'desk.title' }),
    standing ? standing.element : h('div', { class: 'desk-card desk-card-note' },
      h('p', { class: 'desk-note', i18n: supervisor ? 'desk.supervisorNoAgent' : 'desk.noAgent' })),
    tabs.element);

  // Cards carry translated names (categories), so a new language builds them again.
  cleanups.push(ctx.onLocale(() => {
    for (const card of cards.values()) {
      card.destroy();
      card.element.remove();
    }
    cards.clear();
    renderOffers();
  }));

  return {
    element,
    /** Whether this conversation is on the desk as an offer right now. */
    offerFor: (conversationId) => offers.get(conversationId) ?? null,
    accept,
    decline,
    refreshMine: () => mine?.refresh(),
    destroy() {
      feed?.close();
      clearTimeout(reconnect);
      tabs.destroy();
      mine?.destroy();
      standing?.destroy();
      for (const card of cards.values()) card.destroy();
      cleanups.forEach((fn) => fn());
    },
  };
}
