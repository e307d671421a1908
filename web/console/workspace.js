import { h } from './dom.js';
import { createDesk } from './desk.js';
import { openConversationView } from './conversation-view.js';
import { emptyState } from './list-row.js';
import { headerBar } from './header-bar.js';
import { session } from './session.js';
import { createSidePanel } from './side-panel.js';

/**
 * The signed-in screen: the header, then three columns — the desk and its lists, the open
 * conversation, and the brief beside it. It owns what the parts share (`ctx.open`, `ctx.takeOver`,
 * the agents list) and reopens the conversation that was open before a reload.
 */
export function createWorkspace(base, { onSignOut }) {
  const ctx = { ...base };
  const { api, me, t } = ctx;
  let agentsCache = { at: 0, list: [] };
  let current = null;

  ctx.agents = async ({ fresh = false } = {}) => {
    if (!fresh && Date.now() - agentsCache.at < 30_000) return agentsCache.list;
    const answer = await api.get('/v1/agents');
    agentsCache = { at: Date.now(), list: answer?.agents ?? [] };
    return agentsCache.list;
  };
  ctx.agentName = (id) => (id ? agentsCache.list.find((agent) => agent.id === id)?.name ?? (id === me.agentId ? me.agent?.name : null) ?? id : null);

  const header = headerBar(ctx, { onSignOut });
  ctx.setConnection = header.setConnection;

  const center = h('main', { class: 'center', id: 'conversation-column', tabindex: '-1' });
  const side = createSidePanel(ctx);

  /** Marks the open conversation's rows in any list under `root`. */
  ctx.markOpen = (root = document) => {
    for (const row of root.querySelectorAll('[data-conversation-id]')) {
      const open = row.dataset.conversationId === current?.id;
      row.classList.toggle('is-open', open);
      row.querySelector('.row-main')?.setAttribute('aria-current', open ? 'true' : 'false');
    }
  };

  function showEmpty() {
    center.replaceChildren(h('div', { class: 'center-empty' },
      emptyState('conversation.noneTitle', me.agentId ? 'conversation.noneBodyAgent' : 'conversation.noneBodySupervisor')));
  }

  ctx.open = (conversationId) => {
    if (current?.id === conversationId) {
      current.refresh();
      return;
    }
    current?.destroy();
    current = openConversationView(ctx, conversationId, { side });
    session.openConversation = conversationId;
    center.replaceChildren(current.element);
    ctx.markOpen();
  };

  ctx.close = () => {
    current?.destroy();
    current = null;
    session.openConversation = null;
    side.setConversation(null);
    showEmpty();
    ctx.markOpen();
  };

  ctx.takeOver = async (conversationId, button) => {
    if (!me.agentId) return;
    if (button) button.disabled = true;
    try {
      await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/takeover`, { agentId: me.agentId });
      ctx.toasts.success(t('takeover.done'));
      ctx.bus.emit('conversation-changed', { conversationId });
      ctx.desk.refreshMine();
      if (current?.id === conversationId) current.refresh();
      else ctx.open(conversationId);
    } catch (error) {
      ctx.fail(error, 'takeover.failed');
    } finally {
      if (button?.isConnected) button.disabled = false;
    }
  };

  const desk = createDesk(ctx);
  ctx.desk = desk;

  const element = h('div', { class: 'workspace' },
    header.element,
    h('div', { class: 'columns' }, desk.element, center, side.element));

  showEmpty();
  // Agent names for the transcript and lists; the page works without them.
  ctx.agents().catch(() => {}).finally(() => {
    const reopen = session.openConversation;
    if (reopen && !current) ctx.open(reopen);
  });

  return {
    element,
    destroy() {
      current?.destroy();
      desk.destroy();
      side.destroy();
    },
  };
}
