import { h } from './dom.js';
import { date, dateTime, money } from './format.js';
import { emptyState, errorState, loadingState } from './list-row.js';
import { named, riskReason } from './names.js';
import { sentimentTrend } from './sentiment-trend.js';
import { openArticle } from './knowledge-article.js';

/**
 * The handoff brief beside the conversation: who the customer is (VIP, tier, contact, recent
 * orders), why the bot handed over, how the problem was classified and how the customer feels,
 * the summary, matching knowledge articles, earlier transfers, and what the brief could not get.
 * `show(panel)` fills a panel; `reload()` fetches it (at first, and after a state change).
 */
export function briefPanel(ctx, conversationId, { agentName = (id) => id, onInsert = null, onLoad = () => {} } = {}) {
  const { api, t, i18n } = ctx;
  let panel = null;
  let brief = null;
  let failed = null;
  let loading = false;

  async function reload() {
    if (loading) return;
    loading = true;
    try {
      brief = await api.get(`/v1/conversations/${encodeURIComponent(conversationId)}/brief`);
      failed = null;
    } catch (error) {
      failed = error;
      if (error?.status === 401) ctx.fail(error);
    } finally {
      loading = false;
    }
    render();
    onLoad(brief);
  }

  function render() {
    if (!panel) return;
    if (failed?.status === 404) return panel.replaceChildren(emptyState('brief.notYetTitle', 'brief.notYetBody'));
    if (failed?.status === 403) return panel.replaceChildren(emptyState('brief.forbiddenTitle', 'brief.forbiddenBody'));
    if (failed) return panel.replaceChildren(errorState(failed, reload));
    if (!brief) return panel.replaceChildren(loadingState());
    panel.replaceChildren(h('div', { class: 'brief' },
      summarySection(), customerSection(), escalationSection(), waitingRoomSection(), classificationSection(), ordersSection(),
      knowledgeSection(), transfersSection(), missingSection()));
  }

  /** A tag is a category, an intent or a flag: named by whichever table knows it. */
  const tagName = (tag) => [named(t, 'tag', tag), named(t, 'category', tag), named(t, 'intent', tag)].find((name) => name !== tag) ?? tag;

  const section = (titleKey, ...body) => h('section', { class: 'brief-section' }, h('h3', { class: 'brief-heading', i18n: titleKey }), ...body);
  const pair = (labelKey, value) => (value === null || value === undefined || value === '' ? null
    : h('div', { class: 'pair' }, h('dt', { i18n: labelKey }), h('dd', {}, value)));

  function summarySection() {
    return brief.summary ? section('brief.summary', h('p', { class: 'brief-summary', text: brief.summary })) : null;
  }

  function customerSection() {
    const customer = brief.customer ?? {};
    const account = customer.account ?? {};
    return section('brief.customer',
      h('div', { class: 'customer-line' },
        h('span', { class: 'customer-name', text: customer.name || customer.id || t('conversation.unknownCustomer') }),
        account.vip ? h('span', { class: 'chip chip-vip', i18n: 'brief.vip' }) : null,
        account.tier ? h('span', { class: 'chip', text: named(t, 'tier', account.tier) }) : null),
      h('dl', { class: 'pairs' },
        pair('brief.phone', customer.phone ? h('a', { href: `tel:${customer.phone.replace(/[^\d+]/g, '')}`, text: customer.phone }) : null),
        pair('brief.email', customer.email ? h('a', { href: `mailto:${customer.email}`, text: customer.email }) : null),
        pair('brief.since', account.since ? date(i18n.locale, account.since) : null),
        pair('brief.flags', account.flags?.length ? account.flags.join(', ') : null),
        pair('brief.customerId', customer.id),
        pair('brief.source', customer.source ? named(t, 'source', customer.source) : null)));
  }

  function escalationSection() {
    const escalation = brief.escalation;
    if (!escalation) return null;
    return section('brief.escalation',
      h('p', { class: 'escalation-trigger' }, h('span', { class: 'chip chip-trigger', text: named(t, 'trigger', escalation.trigger) })),
      h('dl', { class: 'pairs' },
        pair('brief.evidence', escalation.evidence ? h('q', { text: riskReason(t, escalation.evidence, agentName) }) : null),
        pair('brief.at', dateTime(i18n.locale, escalation.at)),
        pair('brief.raisedPriority', escalation.priority !== undefined && escalation.priority !== null ? t('priority.value', { n: escalation.priority }) : null)));
  }

  /** What the customer said while waiting that raised their priority or changed their route. */
  function waitingRoomSection() {
    const notes = brief.waitingRoom ?? [];
    if (notes.length === 0) return null;
    const said = new Map((brief.transcript ?? []).map((message) => [message.id, message.text]));
    return section('brief.waitingRoom', h('ol', { class: 'transfers' }, notes.map((note) => h('li', { class: 'transfer' },
      h('div', { class: 'transfer-line' },
        h('span', { class: 'chip chip-trigger', text: named(t, 'signal', note.signal) }), ' ',
        h('span', { text: t('brief.waitingRoomRaised', { from: note.priorityFrom, to: note.priorityTo }) }),
        note.skillTo && note.skillTo !== note.skillFrom ? h('span', { class: 'muted', text: ` · ${t('brief.waitingRoomSkill', { skill: named(t, 'skill', note.skillTo) })}` }) : null),
      said.get(note.messageId) ? h('p', { class: 'transfer-note' }, h('q', { text: said.get(note.messageId) })) : null,
      h('time', { class: 'muted', datetime: note.at, text: dateTime(i18n.locale, note.at) })))));
  }

  function classificationSection() {
    const c = brief.classification;
    if (!c) return null;
    const sentiment = c.sentiment ?? {};
    return section('brief.classification',
      h('div', { class: 'chips' },
        h('span', { class: 'chip chip-category', text: named(t, 'category', c.category) }),
        h('span', { class: ['chip', `chip-priority-${Math.min(5, c.priority ?? 0)}`], i18n: 'priority.value', i18nVars: { n: c.priority ?? 0 } }),
        h('span', { class: 'chip chip-quiet', text: named(t, 'intent', c.intent) })),
      h('div', { class: 'sentiment' },
        h('div', { class: 'sentiment-text' },
          h('span', { class: ['sentiment-label', `sentiment-${sentiment.overall}`], text: named(t, 'sentiment', sentiment.overall) }),
          h('span', { class: 'muted', i18n: 'brief.sentimentScore', i18nVars: { score: (sentiment.score ?? 0).toFixed(2) } }),
          h('span', { class: ['trend', `trend-${sentiment.trend}`], text: named(t, 'trend', sentiment.trend) })),
        sentimentTrend(t, sentiment.turns)),
      c.tags?.length ? h('div', { class: 'chips chips-tags' }, [...new Set(c.tags.map(tagName))].map((name) => h('span', { class: 'tag', text: `#${name}` }))) : null);
  }

  function ordersSection() {
    const orders = brief.customer?.recentOrders ?? [];
    return section('brief.orders', orders.length === 0
      ? h('p', { class: 'muted', i18n: 'brief.noOrders' })
      : h('ul', { class: 'orders', role: 'list' }, orders.map((order) => h('li', { class: 'order' },
        h('div', { class: 'order-top' },
          h('span', { class: 'order-id', text: order.id }),
          h('span', { class: ['chip', `chip-order-${order.status}`], text: named(t, 'orderStatus', order.status) }),
          h('span', { class: 'order-amount', text: money(i18n.locale, order.amount, order.currency) })),
        h('div', { class: 'order-items', text: (order.items ?? []).map((item) => `${item.name} × ${item.quantity}`).join('、') }),
        order.placedAt ? h('div', { class: 'order-date muted', i18n: 'brief.placedAt', i18nVars: { date: date(i18n.locale, order.placedAt) } }) : null))));
  }

  function knowledgeSection() {
    const articles = brief.knowledge ?? [];
    if (articles.length === 0) return section('brief.knowledge', h('p', { class: 'muted', i18n: 'brief.noKnowledge' }));
    return section('brief.knowledge', h('ul', { class: 'articles', role: 'list' }, articles.map((article) => h('li', {},
      h('button', { type: 'button', class: 'article-link', onclick: () => openArticle(ctx, article.id, { onInsert }) },
        h('span', { class: 'article-title', text: article.title }),
        h('span', { class: 'article-score', i18n: 'knowledge.score', i18nVars: { score: Number(article.score ?? 0).toFixed(2) } }),
        h('span', { class: 'article-excerpt', text: article.excerpt }))))));
  }

  function transfersSection() {
    const transfers = brief.transfers ?? [];
    if (transfers.length === 0) return null;
    return section('brief.transfers', h('ol', { class: 'transfers' }, transfers.map((transfer) => h('li', { class: 'transfer' },
      h('div', { class: 'transfer-line', text: t(transfer.toAgentId ? 'brief.transferToAgent' : 'brief.transferToSkill', {
        from: agentName(transfer.fromAgentId) || transfer.fromAgentId || t('brief.someone'),
        to: transfer.toAgentId ? (agentName(transfer.toAgentId) || transfer.toAgentId) : named(t, 'skill', transfer.toSkill),
      }) }),
      transfer.note ? h('p', { class: 'transfer-note', text: transfer.note }) : null,
      h('time', { class: 'muted', datetime: transfer.at, text: dateTime(i18n.locale, transfer.at) })))));
  }

  function missingSection() {
    const missing = brief.missing ?? [];
    if (missing.length === 0) return null;
    return section('brief.missing', h('ul', { class: 'missing' }, missing.map((item) => h('li', { text: item }))));
  }

  const offLocale = ctx.onLocale(render);
  return {
    /** While the bot still has the conversation there is no brief to ask for. */
    notYet() {
      brief = null;
      failed = { status: 404 };
      render();
    },
    show(target) {
      panel = target;
      render();
      return () => {
        panel = null;
      };
    },
    reload,
    get brief() {
      return brief;
    },
    destroy: offLocale,
  };
}
