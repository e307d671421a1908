import { LOCALES, LOCALE_NAMES } from '/shared/i18n.js';
import { h, relabel } from './dom.js';
import { openDialog, confirmDialog } from './dialog.js';
import { emptyState, errorState, loadingState } from './list-row.js';

/**
 * The supervisor's canned-reply editor, in a dialog: the replies on the left, a form on the right
 * to write a new one or change the one chosen (POST, PUT /:id, DELETE /:id on /v1/canned-replies).
 */
export function openCannedEditor(ctx) {
  const { api, me, t, i18n } = ctx;
  const list = h('ul', { class: 'canned-admin-list', role: 'list' });
  const listBox = h('div', { class: 'canned-admin-side' }, loadingState());
  let replies = [];
  let editing = null;

  const field = (id, labelKey, input, helpKey) => h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label', i18n: labelKey }), input,
    helpKey ? h('p', { class: 'field-help', i18n: helpKey }) : null);
  const team = h('input', { id: 'canned-team', required: true, value: me.agent?.team ?? 'support', maxlength: '100' });
  const shortcut = h('input', { id: 'canned-shortcut', required: true, maxlength: '40', pattern: '[^\\s/]+', spellcheck: 'false' });
  const title = h('input', { id: 'canned-title', required: true, maxlength: '200' });
  const text = h('textarea', { id: 'canned-text', required: true, rows: '6', maxlength: '5000' });
  const locale = h('select', { id: 'canned-locale' }, LOCALES.map((code) => h('option', { value: code, text: LOCALE_NAMES[code], selected: code === i18n.locale })));
  const formTitle = h('h3', { class: 'canned-form-title', i18n: 'canned.new' });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const remove = h('button', { type: 'button', class: 'button button-danger', i18n: 'action.delete', hidden: true, onclick: () => removeReply() });
  const save = h('button', { type: 'submit', class: 'button button-primary', i18n: 'action.save' });
  const fresh = h('button', { type: 'button', class: 'button', i18n: 'canned.new', onclick: () => edit(null) });
  const form = h('form', { class: 'canned-form', novalidate: true },
    formTitle,
    h('div', { class: 'field-row' },
      field('canned-shortcut', 'canned.shortcut', shortcut, 'canned.shortcutHelp'),
      field('canned-team', 'canned.team', team),
      field('canned-locale', 'canned.locale', locale)),
    field('canned-title', 'canned.titleField', title),
    field('canned-text', 'canned.text', text),
    message,
    h('div', { class: 'form-actions' }, remove, h('span', { class: 'spacer' }), save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { team: team.value.trim(), shortcut: shortcut.value.trim().replace(/^\//, ''), title: title.value.trim(), text: text.value.trim(), locale: locale.value };
    const missing = Object.entries(body).find(([, value]) => !value);
    if (missing) {
      message.className = 'form-message form-message-error';
      relabel(message, 'canned.fillAll');
      return;
    }
    save.disabled = true;
    try {
      const saved = editing ? await api.put(`/v1/canned-replies/${encodeURIComponent(editing.id)}`, body) : await api.post('/v1/canned-replies', body);
      ctx.toasts.success(t(editing ? 'canned.updated' : 'canned.created'));
      await load();
      edit(replies.find((reply) => reply.id === saved?.id) ?? null);
    } catch (error) {
      message.className = 'form-message form-message-error';
      message.removeAttribute('data-i18n');
      message.textContent = error?.field ? `${error.field}: ${error.message}` : (error?.message ?? String(error));
      if (error?.status === 401) ctx.fail(error);
    } finally {
      save.disabled = false;
    }
  });

  async function removeReply() {
    if (!editing) return;
    const ok = await confirmDialog({ titleKey: 'canned.deleteTitle', messageKey: 'canned.deleteBody', messageVars: { shortcut: editing.shortcut }, confirmKey: 'action.delete', danger: true });
    if (!ok) return;
    try {
      await api.delete(`/v1/canned-replies/${encodeURIComponent(editing.id)}`);
      ctx.toasts.success(t('canned.deleted'));
      await load();
      edit(null);
    } catch (error) {
      ctx.fail(error, 'canned.deleteFailed');
    }
  }

  function edit(reply) {
    editing = reply;
    relabel(formTitle, reply ? 'canned.editing' : 'canned.new', reply ? { shortcut: reply.shortcut } : undefined);
    shortcut.value = reply?.shortcut ?? '';
    title.value = reply?.title ?? '';
    text.value = reply?.text ?? '';
    team.value = reply?.team ?? me.agent?.team ?? 'support';
    locale.value = reply?.locale ?? i18n.locale;
    remove.hidden = !reply;
    message.textContent = '';
    for (const item of list.children) item.classList.toggle('is-open', item.dataset.id === reply?.id);
    shortcut.focus();
  }

  async function load() {
    try {
      const answer = await api.get('/v1/canned-replies?q=');
      replies = answer?.replies ?? [];
      list.replaceChildren(...replies.map((reply) => h('li', { dataset: { id: reply.id } },
        h('button', { type: 'button', class: 'canned-admin-item', onclick: () => edit(reply) },
          h('span', { class: 'canned-shortcut', text: `/${reply.shortcut}` }),
          h('span', { class: 'canned-title', text: reply.title }),
          h('span', { class: 'canned-meta', text: `${reply.team} · ${LOCALE_NAMES[reply.locale] ?? reply.locale ?? ''}` })))));
      listBox.replaceChildren(replies.length ? list : emptyState('canned.emptyTitle', 'canned.emptyBody'));
    } catch (error) {
      listBox.replaceChildren(errorState(error, load));
    }
  }

  openDialog({
    titleKey: 'canned.manageTitle',
    wide: true,
    body: h('div', { class: 'canned-admin' }, h('div', { class: 'canned-admin-left' }, fresh, listBox), form),
  });
  load();
  edit(null);
}
