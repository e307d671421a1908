import { h, relabel } from './dom.js';
import { languageSwitcher } from './language-switcher.js';

/**
 * The sign-in card: one password field for the agent's or supervisor's key. `onSubmit(key)`
 * resolves when the key worked and rejects with an ApiError when it did not; the card says which.
 * `notice` is shown on arrival (a key that stopped working, a signed-out session).
 */
export function signInScreen({ i18n, onSubmit, notice = null }) {
  const input = h('input', { id: 'sign-in-key', name: 'key', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false', 'aria-describedby': 'sign-in-help sign-in-message' });
  const message = h('p', { id: 'sign-in-message', class: ['form-message', notice && 'form-message-error'], role: 'alert' });
  if (notice) relabel(message, notice);
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', i18n: 'signIn.submit' });

  const form = h('form', { class: 'sign-in-form', novalidate: true },
    h('label', { for: 'sign-in-key', class: 'field-label', i18n: 'signIn.keyLabel' }),
    input,
    h('p', { id: 'sign-in-help', class: 'field-help', i18n: 'signIn.keyHelp' }),
    message,
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.className = 'form-message form-message-error';
      relabel(message, 'signIn.empty');
      input.focus();
      return;
    }
    submit.disabled = true;
    message.className = 'form-message';
    relabel(message, 'signIn.checking');
    try {
      await onSubmit(key);
    } catch (error) {
      message.className = 'form-message form-message-error';
      if (error?.status === 401) relabel(message, 'signIn.wrongKey');
      else if (error?.code === 'network') relabel(message, 'error.network');
      else relabel(message, 'signIn.failed', { message: error?.message ?? String(error) });
      submit.disabled = false;
      input.select();
      input.focus();
    }
  });

  const screen = h('main', { class: 'sign-in' },
    h('section', { class: 'sign-in-card', 'aria-labelledby': 'sign-in-title' },
      h('div', { class: 'sign-in-top' },
        h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'), h('span', { i18n: 'app.name' })),
        languageSwitcher(i18n)),
      h('h1', { id: 'sign-in-title', i18n: 'signIn.title' }),
      h('p', { class: 'sign-in-lead', i18n: 'signIn.lead' }),
      form,
      h('p', { class: 'sign-in-foot', i18n: 'signIn.privacy' })));
  queueMicrotask(() => input.focus());
  return screen;
}
