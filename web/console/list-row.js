import { h } from './dom.js';

/**
 * One line in a list of conversations or agents: a main button (title, meta, summary) that opens
 * it, and optional action buttons beside it — never a button inside a button.
 */
export function listRow({ id, title, badges = [], meta = [], summary = null, actions = [], onOpen, openLabelKey = 'list.open', tone = null }) {
  const main = h(onOpen ? 'button' : 'div', {
    type: onOpen ? 'button' : null, class: 'row-main', onclick: onOpen ?? null,
    i18nTitle: onOpen ? openLabelKey : null,
  },
  h('span', { class: 'row-title' }, h('span', { class: 'row-name' }, title), badges),
  meta.length ? h('span', { class: 'row-meta' }, meta.map((part) => h('span', {}, part))) : null,
  summary ? h('span', { class: 'row-summary' }, summary) : null);
  return h('li', { class: ['row', tone && `row-${tone}`], dataset: id ? { conversationId: id } : {} },
    main,
    actions.length ? h('div', { class: 'row-actions' }, actions) : null);
}

/** What an empty list says: what will appear in it, and when. */
export function emptyState(titleKey, bodyKey, vars) {
  return h('div', { class: 'empty-state' },
    h('p', { class: 'empty-title', i18n: titleKey, i18nVars: vars }),
    bodyKey ? h('p', { class: 'empty-body', i18n: bodyKey, i18nVars: vars }) : null);
}

export function loadingState() {
  return h('div', { class: 'loading-state', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { i18n: 'state.loading' }));
}

export function errorState(error, retry) {
  return h('div', { class: 'empty-state empty-state-error', role: 'alert' },
    h('p', { class: 'empty-title', i18n: 'state.loadFailed' }),
    h('p', { class: 'empty-body', text: error?.message ?? String(error) }),
    retry ? h('button', { type: 'button', class: 'button button-small', i18n: 'action.retry', onclick: retry }) : null);
}
