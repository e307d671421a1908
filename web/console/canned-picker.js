import { h } from './dom.js';

let pickersMade = 0;

/**
 * The replies in the order an agent expects: a shortcut that starts with what was typed first,
 * then one that contains it, then a title, then the text; in the customer's language.
 */
function rank(replies, q, locale) {
  const needle = q.trim().toLowerCase();
  const score = (reply) => {
    const shortcut = String(reply.shortcut ?? '').toLowerCase();
    const match = !needle ? 0
      : shortcut.startsWith(needle) ? 0
        : shortcut.includes(needle) ? 1
          : String(reply.title ?? '').toLowerCase().includes(needle) ? 2 : 3;
    return match * 2 + (reply.locale === locale ? 0 : 1);
  };
  // Written in the customer's language (or for any): a reply in another language is offered only
  // when the team has none in this one.
  const inLanguage = replies.filter((reply) => !reply.locale || reply.locale === locale);
  return (inLanguage.length > 0 ? inLanguage : replies).map((reply, index) => ({ reply, index, score: score(reply) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map(({ reply }) => reply);
}

/**
 * The canned-reply list that opens when the reply starts with `/`: what follows the slash
 * searches (GET /v1/canned-replies?q=), arrows move, Enter or Tab inserts, Escape closes, a click
 * inserts. The textarea is the combobox; the list is its listbox.
 * Returns `{ element, update(), close(), isOpen, handleKey(event) }`.
 */
export function cannedPicker(ctx, textarea, { onInsert, locale = () => ctx.i18n.locale }) {
  const { api } = ctx;
  const listId = `canned-${++pickersMade}`;
  const list = h('ul', { class: 'canned-list', role: 'listbox', id: listId, i18nAria: 'canned.listLabel' });
  const status = h('p', { class: 'canned-status', role: 'status' });
  const element = h('div', { class: 'canned-picker', hidden: true },
    h('div', { class: 'canned-head' }, h('span', { i18n: 'canned.title' }), h('span', { class: 'canned-keys', i18n: 'canned.keys' })),
    list, status);
  let replies = [];
  let active = 0;
  let query = null;
  let timer = null;
  let asked = 0;

  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', listId);
  textarea.setAttribute('aria-expanded', 'false');

  /** The slash query under the caret, or null when the reply does not start with one. */
  function slashQuery() {
    const value = textarea.value;
    if (!value.startsWith('/')) return null;
    const upToCaret = value.slice(1, textarea.selectionStart ?? value.length);
    if (/\n/.test(upToCaret) || upToCaret.length > 40) return null;
    return upToCaret;
  }

  function update() {
    const next = slashQuery();
    if (next === null) return close();
    open();
    if (next === query) return;
    query = next;
    clearTimeout(timer);
    timer = setTimeout(() => search(next), 150);
  }

  async function search(q) {
    const mine = ++asked;
    status.dataset.i18n = 'state.loading';
    status.textContent = ctx.t('state.loading');
    try {
      const answer = await api.get(`/v1/canned-replies?q=${encodeURIComponent(q)}`);
      if (mine !== asked) return;
      replies = rank(answer?.replies ?? [], q, locale());
      active = 0;
      render();
    } catch (error) {
      if (mine !== asked) return;
      replies = [];
      render();
      status.textContent = error?.message ?? String(error);
    }
  }

  function render() {
    list.replaceChildren(...replies.map((reply, index) => h('li', {
      id: `${listId}-${index}`, role: 'option', class: 'canned-option', 'aria-selected': String(index === active),
      onmousedown: (event) => event.preventDefault(),
      onclick: () => insert(reply),
    },
    h('span', { class: 'canned-shortcut', text: `/${reply.shortcut}` }),
    h('span', { class: 'canned-title', text: reply.title }),
    h('span', { class: 'canned-text', text: reply.text }))));
    const empty = replies.length === 0;
    status.hidden = !empty;
    if (empty) {
      status.dataset.i18n = query ? 'canned.noMatch' : 'canned.none';
      status.textContent = ctx.t(status.dataset.i18n);
    }
    if (empty) textarea.removeAttribute('aria-activedescendant');
    else textarea.setAttribute('aria-activedescendant', `${listId}-${active}`);
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  }

  function insert(reply) {
    const rest = textarea.value.slice(textarea.selectionStart ?? textarea.value.length);
    close();
    onInsert(reply.text + rest.replace(/^\S*/, ''));
  }

  function open() {
    if (!element.hidden) return;
    element.hidden = false;
    textarea.setAttribute('aria-expanded', 'true');
  }

  function close() {
    element.hidden = true;
    query = null;
    clearTimeout(timer);
    asked++;
    textarea.setAttribute('aria-expanded', 'false');
    textarea.removeAttribute('aria-activedescendant');
  }

  /** Keys while the list is open; returns true when it used the key. */
  function handleKey(event) {
    if (element.hidden) return false;
    if (event.key === 'Escape') {
      close();
      return true;
    }
    if (!replies.length) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      active = (active + (event.key === 'ArrowDown' ? 1 : -1) + replies.length) % replies.length;
      render();
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      insert(replies[active]);
      return true;
    }
    return false;
  }

  return {
    element,
    update,
    close,
    handleKey,
    get isOpen() {
      return !element.hidden;
    },
  };
}
