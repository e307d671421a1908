import { element } from './element.js';

/**
 * Leaving the queue with something to follow up on: a number to call back (when the shop has
 * none on record, or the one typed was not a number), or a message for the agents.
 */
export function createLeaveQueueForm({ i18n, onCallbackNumber, onMessage, onCancel }) {
  const prompt = element('p', { class: 'form-prompt', id: 'baton-leave-queue-prompt' });
  const label = element('label', { class: 'form-label', for: 'baton-leave-queue-field' });
  const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = element('button', { type: 'submit', class: 'primary-button' });
  const cancel = element('button', { type: 'button', class: 'secondary-button', onclick: () => onCancel() });
  const fieldSlot = element('div', { class: 'form-field' });
  const form = element('form', { class: 'leave-queue-form', hidden: true, 'aria-labelledby': 'baton-leave-queue-prompt' }, prompt, label, fieldSlot, error, element('div', { class: 'form-actions' }, cancel, submit));
  let mode = null;
  let field = null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = field.value.trim();
    if (!value) return field.focus();
    if (mode === 'callback') onCallbackNumber(value);
    else onMessage(value);
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  });

  function build(nextMode) {
    mode = nextMode;
    field =
      mode === 'callback'
        ? element('input', { id: 'baton-leave-queue-field', type: 'tel', autocomplete: 'tel', inputmode: 'tel', class: 'text-field' })
        : element('textarea', { id: 'baton-leave-queue-field', rows: '3', class: 'text-field', maxlength: '20000' });
    fieldSlot.replaceChildren(field);
    queueMicrotask(() => field.focus());
  }

  return {
    element: form,
    update(snapshot) {
      const wanted = snapshot.leaveQueueForm;
      form.hidden = !wanted;
      if (!wanted) {
        mode = null;
        return;
      }
      if (wanted !== mode) build(wanted);
      const callback = mode === 'callback';
      prompt.textContent = i18n.t(callback ? 'callbackPrompt' : 'leaveMessagePrompt');
      label.textContent = i18n.t(callback ? 'callbackNumber' : 'leaveMessageText');
      field.placeholder = i18n.t(callback ? 'callbackPlaceholder' : 'leaveMessagePlaceholder');
      submit.textContent = i18n.t(callback ? 'callbackSubmit' : 'leaveMessageSubmit');
      cancel.textContent = i18n.t('cancel');
      submit.disabled = snapshot.busy;
      error.hidden = !snapshot.formError;
      error.textContent = snapshot.formError ? i18n.t(snapshot.formError) : '';
      field.setAttribute('aria-invalid', snapshot.formError === 'invalidPhone' ? 'true' : 'false');
    },
  };
}
