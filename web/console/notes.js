import { h, relabel } from './dom.js';
import { dateTime } from './format.js';
import { icon } from './icons.js';
import { emptyState, errorState, loadingState } from './list-row.js';

/**
 * Private notes on a conversation (GET/POST /v1/conversations/:id/notes): what one agent tells the
 * next, never shown to the customer — the area says so, and looks unlike the transcript.
 * `show(panel)` fills a panel; `onCount(n)` hears how many there are.
 */
export function notesPanel(ctx, conversationId, { agentName = (id) => id, onCount = () => {} } = {}) {
  const { api, t, i18n, me } = ctx;
  let notes = null;
  let failed = null;
  let panel = null;
  let draft = '';

  async function load() {
    try {
      const answer = await api.get(`/v1/conversations/${encodeURIComponent(conversationId)}/notes`);
      notes = answer?.notes ?? [];
      failed = null;
      onCount(notes.length);
    } catch (error) {
      failed = error;
      if (error?.status === 401) ctx.fail(error);
    }
    render();
  }

  function render() {
    if (!panel) return;
    const header = h('div', { class: 'notes-banner' },
      icon('lock', { size: 18, className: 'notes-lock' }),
      h('div', {}, h('p', { class: 'notes-title', i18n: 'notes.title' }), h('p', { class: 'notes-private', i18n: 'notes.private' })));
    let body;
    if (failed?.status === 403) body = emptyState('notes.forbiddenTitle', 'notes.forbiddenBody');
    else if (failed) body = errorState(failed, load);
    else if (!notes) body = loadingState();
    else if (notes.length === 0) body = emptyState('notes.emptyTitle', 'notes.emptyBody');
    else {
      body = h('ol', { class: 'notes-list' }, notes.map((note) => h('li', { class: 'note' },
        h('div', { class: 'note-head' },
          h('span', { class: 'note-author', text: note.agentId === me.agentId ? t('sender.you') : agentName(note.agentId) || note.agentId || t('notes.supervisor') }),
          h('time', { datetime: note.at, text: dateTime(i18n.locale, note.at) })),
        h('p', { class: 'note-text', text: note.text }))));
    }
    const textarea = h('textarea', { id: `note-${conversationId}`, rows: '3', maxlength: '5000', value: draft, i18nPlaceholder: 'notes.placeholder' });
    textarea.value = draft;
    textarea.addEventListener('input', () => (draft = textarea.value));
    const submit = h('button', { type: 'submit', class: 'button button-note', i18n: 'notes.add' });
    const message = h('p', { class: 'form-message', role: 'alert' });
    const form = h('form', { class: 'notes-form', onsubmit: async (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        message.className = 'form-message form-message-error';
        relabel(message, 'notes.empty');
        return;
      }
      submit.disabled = true;
      try {
        const note = await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/notes`, { text });
        draft = '';
        notes = [...(notes ?? []), note];
        onCount(notes.length);
        render();
        panel?.querySelector('textarea')?.focus();
      } catch (error) {
        ctx.fail(error, 'notes.addFailed');
        submit.disabled = false;
      }
    } },
    h('label', { for: textarea.id, class: 'visually-hidden', i18n: 'notes.label' }),
    textarea, message, h('div', { class: 'form-actions' }, h('span', { class: 'spacer' }), submit));
    panel.replaceChildren(h('div', { class: 'notes' }, header, body, failed?.status === 403 ? null : form));
  }

  const offLocale = ctx.onLocale(render);
  let asked = false;
  return {
    show(target) {
      panel = target;
      if (!asked) {
        asked = true;
        load();
      }
      render();
      return () => {
        panel = null;
      };
    },
    reload() {
      asked = true;
      return load();
    },
    destroy: offLocale,
  };
}
