import { h, relabel } from './dom.js';
import { cannedPicker } from './canned-picker.js';
import { openCannedEditor } from './canned-editor.js';

const DRAFT = 'baton.console.draft.';

/**
 * Where the agent writes to the customer: Enter sends (Shift+Enter is a new line; an IME's Enter
 * only ends the composition), `/` at the start opens the canned replies, a draft survives
 * switching conversations and reloading. Only the agent holding the conversation may write; for
 * everyone else the box says why it is closed. Returns `{ element, setMode(mode), insert(text), focus() }`.
 */
export function createComposer(ctx, conversationId, { onSent, locale = () => ctx.i18n.locale }) {
  const { api, me, t } = ctx;
  const inputId = `composer-${conversationId}`;
  const textarea = h('textarea', { id: inputId, class: 'composer-input', rows: '3', i18nPlaceholder: 'composer.placeholder', maxlength: '20000' });
  const picker = cannedPicker(ctx, textarea, {
    locale,
    onInsert: (text) => {
      textarea.value = text;
      textarea.focus();
      textarea.setSelectionRange(text.length, text.length);
      saveDraft();
    },
  });
  const send = h('button', { type: 'submit', class: 'button button-primary', i18n: 'composer.send' });
  const cannedButton = h('button', { type: 'button', class: 'button button-quiet button-small', i18n: 'composer.canned', 'aria-haspopup': 'listbox', onclick: openCanned });
  const manage = me.role === 'supervisor' || me.role === 'service'
    ? h('button', { type: 'button', class: 'button button-quiet button-small', i18n: 'canned.manage', onclick: () => openCannedEditor(ctx) })
    : null;
  const closedNote = h('p', { class: 'composer-closed', role: 'status' });
  const form = h('form', { class: 'composer', i18nAria: 'composer.label' },
    picker.element,
    h('label', { for: inputId, class: 'visually-hidden', i18n: 'composer.label' }),
    textarea,
    h('div', { class: 'composer-bar' },
      cannedButton, manage,
      h('span', { class: 'composer-hint', i18n: 'composer.hint' }),
      send),
    closedNote);
  let enabled = false;
  let sending = false;

  textarea.value = readDraft();

  function readDraft() {
    try {
      return sessionStorage.getItem(DRAFT + conversationId) ?? '';
    } catch {
      return '';
    }
  }
  function saveDraft() {
    try {
      if (textarea.value) sessionStorage.setItem(DRAFT + conversationId, textarea.value);
      else sessionStorage.removeItem(DRAFT + conversationId);
    } catch {
      /* no storage: the draft lives as long as the page */
    }
  }

  function openCanned() {
    if (!enabled) return;
    if (!textarea.value.startsWith('/')) textarea.value = '/' + textarea.value;
    textarea.focus();
    textarea.setSelectionRange(1, 1);
    picker.update();
  }

  textarea.addEventListener('input', () => {
    picker.update();
    saveDraft();
  });
  textarea.addEventListener('click', () => picker.update());
  textarea.addEventListener('blur', () => setTimeout(() => picker.close(), 150));
  textarea.addEventListener('keydown', (event) => {
    if (event.isComposing || event.keyCode === 229) return;
    if (picker.handleKey(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  /** The send in flight or failed: its text and Idempotency-Key. */
  let pending = null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!enabled || sending || !text) return;
    sending = true;
    send.disabled = true;
    // Sending the same text again after a failure reuses its key, so the customer gets it once.
    if (pending?.text !== text) pending = { text, key: crypto.randomUUID() };
    try {
      const answer = await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/agent-messages`, { agentId: me.agentId, text }, { idempotencyKey: pending.key });
      pending = null;
      textarea.value = '';
      saveDraft();
      onSent?.({ id: answer?.messageId, from: 'agent', agentId: me.agentId, text, at: new Date().toISOString() });
    } catch (error) {
      ctx.fail(error, 'composer.sendFailed');
    } finally {
      sending = false;
      send.disabled = !enabled;
      textarea.focus();
    }
  });

  /** `held`: the agent may write; anything else closes the box with the reason. */
  function setMode(mode) {
    enabled = mode === 'held';
    textarea.disabled = !enabled;
    send.disabled = !enabled;
    cannedButton.disabled = !enabled;
    closedNote.hidden = enabled;
    form.classList.toggle('composer-disabled', !enabled);
    if (!enabled) {
      picker.close();
      relabel(closedNote, `composer.closed.${mode}`);
    }
  }

  return {
    element: form,
    setMode,
    insert(text) {
      if (!enabled) return false;
      const start = textarea.selectionStart ?? textarea.value.length;
      const before = textarea.value.slice(0, start);
      const joiner = before && !before.endsWith('\n') ? '\n' : '';
      textarea.value = before + joiner + text + textarea.value.slice(textarea.selectionEnd ?? start);
      saveDraft();
      textarea.focus();
      return true;
    },
    focus: () => textarea.focus(),
  };
}
