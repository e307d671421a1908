import { LOCALES, LOCALE_NAMES } from '/shared/i18n.js';
import { h } from './dom.js';
import { emptyState, errorState, loadingState } from './list-row.js';
import { openArticle } from './knowledge-article.js';

/**
 * Searching the bot's knowledge base (GET /v1/knowledge?q=&locale=): a search box, the language
 * to search in (the customer's when a conversation is open; `locale` may be a function), results that open in a dialog.
 * `show(panel)` fills a panel and returns its cleanup.
 */
export function knowledgeSearch(ctx, { locale = null, onInsert = null } = {}) {
  const { api } = ctx;
  const state = { q: '', locale: null, articles: null, failed: null };
  let asked = 0;

  function show(panel) {
    state.locale ??= (typeof locale === 'function' ? locale() : locale) ?? ctx.i18n.locale;
    const input = h('input', { id: 'knowledge-q', type: 'search', class: 'search-input', value: state.q, i18nPlaceholder: 'knowledge.placeholder', autocomplete: 'off' });
    const language = h('select', { id: 'knowledge-locale', class: 'search-locale', i18nAria: 'knowledge.locale' },
      LOCALES.map((code) => h('option', { value: code, text: LOCALE_NAMES[code], selected: code === state.locale })));
    const results = h('div', { class: 'knowledge-results', 'aria-live': 'polite' });
    let timer = null;

    const draw = () => {
      if (!state.q.trim()) return results.replaceChildren(emptyState('knowledge.startTitle', 'knowledge.startBody'));
      if (state.failed) return results.replaceChildren(errorState(state.failed, search));
      if (!state.articles) return results.replaceChildren(loadingState());
      if (state.articles.length === 0) return results.replaceChildren(emptyState('knowledge.noneTitle', 'knowledge.noneBody', { q: state.q }));
      results.replaceChildren(h('ul', { class: 'articles', role: 'list' }, state.articles.map((article) => h('li', {},
        h('button', { type: 'button', class: 'article-link', onclick: () => openArticle(ctx, article.id, { onInsert }) },
          h('span', { class: 'article-title', text: article.title }),
          h('span', { class: 'article-score', i18n: 'knowledge.score', i18nVars: { score: Number(article.score ?? 0).toFixed(2) } }),
          h('span', { class: 'article-excerpt', text: article.excerpt }))))));
    };

    async function search() {
      const mine = ++asked;
      state.articles = null;
      state.failed = null;
      draw();
      if (!state.q.trim()) return;
      try {
        const answer = await api.get(`/v1/knowledge?q=${encodeURIComponent(state.q.trim())}&locale=${encodeURIComponent(state.locale)}`);
        if (mine !== asked) return;
        state.articles = answer?.articles ?? [];
      } catch (error) {
        if (mine !== asked) return;
        state.failed = error;
        if (error?.status === 401) ctx.fail(error);
      }
      draw();
    }

    input.addEventListener('input', () => {
      state.q = input.value;
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    language.addEventListener('change', () => {
      state.locale = language.value;
      search();
    });
    const form = h('form', { class: 'knowledge-form', role: 'search', onsubmit: (event) => { event.preventDefault(); clearTimeout(timer); search(); } },
      h('label', { for: 'knowledge-q', class: 'visually-hidden', i18n: 'knowledge.search' }),
      input, language);
    panel.append(h('div', { class: 'knowledge' }, form, results));
    if (state.q && !state.articles) search();
    else draw();
    const offLocale = ctx.onLocale(draw);
    return () => {
      clearTimeout(timer);
      offLocale();
    };
  }
  return { show };
}
