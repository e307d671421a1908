import { element, icon, ICONS } from './element.js';

/**
 * Where the customer types. Enter sends, Shift+Enter starts a new line; while an input method is
 * composing (拼音, 注音), Enter picks the characters and sends nothing. The box grows to four lines.
 */
export function createComposer({ i18n, onSend }) {
  const hintId = 'baton-composer-hint';
  const input = element('textarea', { class: 'composer-input', rows: '1', 'aria-describedby': hintId, maxlength: '20000' });
  const hint = element('span', { id: hintId, class: 'visually-hidden' });
  const sendLabel = element('span', { class: 'visually-hidden' });
  const send = element('button', { type: 'submit', class: 'send-button', disabled: true }, icon(ICONS.send), sendLabel);
  const notice = element('p', { class: 'action-notice', role: 'alert', hidden: true });
  const form = element('form', { class: 'composer' }, input, send, hint);
  const wrapper = element('div', { class: 'composer-area' }, notice, form);
  let ready = false;

  const resize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 96)}px`;
  };
  const refresh = () => {
    send.disabled = !ready || input.value.trim() === '';
    resize();
  };
  const submit = () => {
    if (send.disabled) return;
    const text = input.value;
    input.value = '';
    refresh();
    onSend(text);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('input', refresh);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  });

  return {
    element: wrapper,
    focus: () => input.focus(),
    update(snapshot) {
      ready = snapshot.phase === 'ready';
      const placeholder = ready || snapshot.phase === 'idle' ? i18n.t('placeholder') : i18n.t('placeholderWaiting');
      input.placeholder = placeholder;
      input.setAttribute('aria-label', i18n.t('messageLabel'));
      hint.textContent = i18n.t('composerHint');
      sendLabel.textContent = i18n.t('send');
      send.title = i18n.t('send');
      notice.hidden = !snapshot.actionFailed;
      notice.textContent = snapshot.actionFailed ? i18n.t('actionFailed') : '';
      wrapper.hidden = snapshot.state === 'resolved' || snapshot.phase === 'expired' || snapshot.phase === 'failed';
      refresh();
    },
  };
}
