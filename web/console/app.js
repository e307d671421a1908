import { createApi } from '/shared/api.js';
import { createI18n } from '/shared/i18n.js';
import { createAlerts } from './alerts.js';
import { createBus } from './bus.js';
import { applyLocale, setTranslator } from './dom.js';
import { CONSOLE_LOCALES } from './locales.js';
import { session } from './session.js';
import { signInScreen } from './sign-in.js';
import { createToasts } from './toast.js';
import { createWorkspace } from './workspace.js';

/**
 * Boots the console: the language, the key this tab holds (if any), then either the sign-in card
 * or the workspace for whoever the key belongs to (GET /v1/me).
 */
const i18n = createI18n(CONSOLE_LOCALES, { storageKey: 'baton.console.locale' });
const t = (key, values) => i18n.t(key, values);
setTranslator(t);

const root = document.getElementById('app');
const toasts = createToasts(document.getElementById('toasts'), t);
const api = createApi({ credential: () => session.key });
const alerts = createAlerts();
const localeListeners = new Set();
let workspace = null;

function showLanguage() {
  document.documentElement.lang = i18n.locale;
  document.title = t('app.title');
}

i18n.onChange(() => {
  showLanguage();
  applyLocale(document.body);
  for (const listener of [...localeListeners]) listener(i18n.locale);
});

function showSignIn(notice = null) {
  workspace?.destroy();
  workspace = null;
  root.replaceChildren(signInScreen({
    i18n,
    notice,
    onSubmit: async (key) => {
      // From the click itself, so the browser lets the beep play and asks about notifications.
      alerts.unlock();
      session.key = key;
      try {
        const me = await api.get('/v1/me');
        showWorkspace(me);
      } catch (error) {
        session.key = '';
        throw error;
      }
    },
  }));
  root.removeAttribute('aria-busy');
}

function signOut(notice = 'signIn.signedOut') {
  session.clear();
  showSignIn(notice);
}

function showWorkspace(me) {
  const ctx = {
    api, i18n, t, me, toasts, alerts,
    bus: createBus(),
    onLocale(listener) {
      localeListeners.add(listener);
      return () => localeListeners.delete(listener);
    },
    /** An API refusal: a key gone bad signs out, anything else is a toast with the API's message. */
    fail(error, doingKey) {
      if (error?.status === 401) return signOut('signIn.expired');
      toasts.error(error, doingKey ? t(doingKey) : null);
    },
  };
  workspace?.destroy();
  localeListeners.clear();
  workspace = createWorkspace(ctx, { onSignOut: () => signOut() });
  root.replaceChildren(workspace.element);
  root.removeAttribute('aria-busy');
}

async function boot() {
  showLanguage();
  if (!session.key) return showSignIn();
  try {
    showWorkspace(await api.get('/v1/me'));
  } catch (error) {
    if (error?.status === 401) {
      session.clear();
      return showSignIn('signIn.expired');
    }
    showSignIn(error?.code === 'network' ? 'error.network' : 'signIn.unavailable');
  }
}

boot();
