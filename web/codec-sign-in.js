import { createI18n } from '/shared/i18n.js';
import { CONSOLE_LOCALES } from '/console/locales.js';
import { h, relabel, setTranslator } from '/console/dom.js';
import { languageSwitcher } from '/console/language-switcher.js';

/**
 * The codec sign-in (served at /codec/sign-in): an operator pastes a supervisor key (or the
 * service key) once, and the API answers with a cookie for /codec alone, which the Temporal UI
 * sends with its decode requests. The key itself is sent once and never kept by the page.
 */
const query = new URLSearchParams(location.search);
const i18n = createI18n(CONSOLE_LOCALES, { storageKey: 'baton.console.locale', initial: query.get('lang') });
const app = document.getElementById('app');
/** What the screen shows: null while asking, `{ signedIn }` with the session, or the form with a notice. */
let state = null;

async function ask(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  return { status: response.status, answer };
}

function signedInCard({ role, expiresAt }, notice) {
  const signOut = h('button', { type: 'button', class: 'button button-block', i18n: 'codecSignIn.signOut' });
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    await ask('POST', '/codec/sign-out');
    show({ form: true, notice: 'codecSignIn.signedOut' });
  });
  return [
    h('p', { class: 'form-message', role: 'status', 'data-codec-session': role, i18n: 'codecSignIn.signedIn', i18nVars: { role: i18n.t(`role.${role}`), time: i18n.time(expiresAt) } }),
    notice && h('p', { class: 'field-help', i18n: notice.key, i18nVars: notice.vars }),
    signOut,
  ];
}

function signInForm(notice) {
  const input = h('input', { id: 'codec-key', name: 'key', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false', 'aria-describedby': 'codec-key-help codec-message' });
  const message = h('p', { id: 'codec-message', class: 'form-message', role: 'alert' });
  if (notice) relabel(message, notice);
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', i18n: 'codecSignIn.submit' });
  const form = h('form', { class: 'sign-in-form', novalidate: true },
    h('label', { for: 'codec-key', class: 'field-label', i18n: 'codecSignIn.keyLabel' }),
    input,
    h('p', { id: 'codec-key-help', class: 'field-help', i18n: 'codecSignIn.keyHelp' }),
    message,
    submit);
  const fail = (key, vars) => {
    message.className = 'form-message form-message-error';
    relabel(message, key, vars);
    submit.disabled = false;
    input.select();
    input.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return fail('codecSignIn.empty');
    submit.disabled = true;
    message.className = 'form-message';
    relabel(message, 'codecSignIn.checking');
    try {
      const { status, answer } = await ask('POST', '/codec/session', { key });
      input.value = '';
      if (status === 200) return show({ signedIn: answer });
      if (status === 401) return fail('codecSignIn.wrongKey');
      if (status === 403) return fail('codecSignIn.notOperator');
      fail('codecSignIn.failed', { message: answer?.error?.message ?? String(status) });
    } catch (error) {
      fail('codecSignIn.failed', { message: error?.message ?? String(error) });
    }
  });
  queueMicrotask(() => input.focus());
  return [form];
}

function render() {
  setTranslator(i18n.t.bind(i18n));
  document.documentElement.lang = i18n.locale;
  document.title = i18n.t('codecSignIn.title');
  const body = state === null ? [] : state.signedIn
    ? signedInCard(state.signedIn, { key: 'codecSignIn.sameHost', vars: { host: location.hostname } })
    : signInForm(state.notice);
  app.replaceChildren(h('main', { class: 'sign-in' },
    h('section', { class: 'sign-in-card', 'aria-labelledby': 'codec-title' },
      h('div', { class: 'sign-in-top' },
        h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'), h('span', { i18n: 'app.name' })),
        languageSwitcher(i18n)),
      h('h1', { id: 'codec-title', i18n: 'codecSignIn.title' }),
      h('p', { class: 'sign-in-lead', i18n: 'codecSignIn.lead' }),
      ...body,
      h('p', { class: 'sign-in-foot', i18n: 'codecSignIn.privacy' }))));
  app.removeAttribute('aria-busy');
}

function show(next) {
  state = next;
  render();
}

i18n.onChange(render);
ask('GET', '/codec/session')
  .then(({ status, answer }) => show(status === 200 ? { signedIn: answer } : { form: true }))
  .catch(() => show({ form: true }));
