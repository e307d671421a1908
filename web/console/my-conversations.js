import { h } from './dom.js';
import { emptyState, errorState, listRow, loadingState } from './list-row.js';
import { named } from './names.js';

/**
 * The Mine tab: the conversations this agent holds (active) or has on offer, each with its
 * customer, category and the brief's summary. `refresh()` reloads it (the desk feed calls it).
 */
export function myConversations(ctx) {
  const { api, me, t, i18n } = ctx;
  let panel = null;
  let list = [];
  let loaded = false;
  let failed = null;
  let onCount = () => {};

  async function refresh() {
    try {
      const answer = await api.get(`/v1/agents/${encodeURIComponent(me.agentId)}/conversations`);
      list = answer?.conversations ?? [];
      failed = null;
    } catch (error) {
      failed = error;
      if (error?.status === 401) ctx.fail(error);
    }
    loaded = true;
    onCount(list.length);
    render();
  }

  function render() {
    if (!panel) return;
    if (!loaded) return panel.replaceChildren(loadingState());
    if (failed) return panel.replaceChildren(errorState(failed, refresh));
    if (list.length === 0) return panel.replaceChildren(emptyState('mine.emptyTitle', 'mine.emptyBody'));
    const items = list.map((item) => {
      const brief = item.brief;
      const customer = brief?.customer;
      const category = brief?.classification?.category;
      return listRow({
        id: item.conversationId,
        title: customer?.name || customer?.id || t('conversation.unknownCustomer'),
        badges: [
          item.status === 'offered' ? h('span', { class: 'chip chip-warn', i18n: 'mine.offered' }) : h('span', { class: 'chip chip-ok', i18n: 'mine.active' }),
          customer?.account?.vip ? h('span', { class: 'chip chip-vip', i18n: 'brief.vip' }) : null,
        ],
        meta: [
          category ? named(t, 'category', category) : null,
          t('mine.since', { time: i18n.time(item.assignedAt) }),
          item.transfers?.length ? t('mine.transfers', { n: item.transfers.length }) : null,
        ].filter(Boolean),
        summary: brief?.summary ?? null,
        onOpen: () => ctx.open(item.conversationId),
      });
    });
    panel.replaceChildren(h('ul', { class: 'rows', role: 'list' }, items));
    ctx.markOpen(panel);
  }

  const offLocale = ctx.onLocale(render);
  return {
    show(target) {
      panel = target;
      render();
      refresh();
      return () => {
        panel = null;
      };
    },
    refresh,
    set onCount(fn) {
      onCount = fn;
    },
    destroy: offLocale,
  };
}
