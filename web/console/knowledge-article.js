import { LOCALE_NAMES } from '/shared/i18n.js';
import { h } from './dom.js';
import { openDialog } from './dialog.js';
import { errorState, loadingState } from './list-row.js';

/**
 * One knowledge-base article in a dialog (GET /v1/knowledge/:id): the same article the bot
 * answers from, so the agent can quote it. `onInsert(text)` puts its text into the reply and
 * returns false when the agent may not write.
 */
export function openArticle(ctx, articleId, { onInsert = null } = {}) {
  const body = h('div', { class: 'article' }, loadingState());
  const insert = h('button', { type: 'button', class: 'button button-primary', i18n: 'knowledge.insert', disabled: true });
  const dialog = openDialog({
    titleKey: 'knowledge.article',
    wide: true,
    body,
    actions: [h('button', { type: 'button', class: 'button', i18n: 'dialog.close', onclick: () => dialog.close() }), onInsert ? insert : null].filter(Boolean),
  });

  (async () => {
    try {
      const article = await ctx.api.get(`/v1/knowledge/${encodeURIComponent(articleId)}`);
      body.replaceChildren(
        h('h3', { class: 'article-heading', text: article.title }),
        h('p', { class: 'article-meta' },
          h('span', { class: 'chip', text: LOCALE_NAMES[article.locale] ?? article.locale ?? '' }),
          (article.tags ?? []).map((tag) => h('span', { class: 'tag', text: `#${tag}` }))),
        h('div', { class: 'article-body', text: article.body }));
      insert.disabled = false;
      insert.addEventListener('click', () => {
        if (onInsert?.(article.body) === false) ctx.toasts.info(ctx.t('knowledge.cannotInsert'));
        else dialog.close();
      });
    } catch (error) {
      body.replaceChildren(errorState(error));
      if (error?.status === 401) ctx.fail(error);
    }
  })();
}
