/**
 * The three languages every screen speaks. A screen passes its own table
 * (`{ 'zh-CN': {...}, 'zh-TW': {...}, en: {...} }`); `t(key, values)` fills `{name}` placeholders.
 * The choice defaults to the browser's language and is kept in localStorage under `storageKey`.
 */
export const LOCALES = ['zh-CN', 'zh-TW', 'en'];
export const LOCALE_NAMES = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

export function browserLocale(languages = navigator.languages ?? [navigator.language]) {
  for (const language of languages) {
    const lower = String(language).toLowerCase();
    if (lower.startsWith('zh')) return /tw|hk|mo|hant/.test(lower) ? 'zh-TW' : 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function createI18n(table, { storageKey, initial } = {}) {
  const stored = storageKey ? safeStorage()?.getItem(storageKey) : null;
  let locale = LOCALES.includes(initial) ? initial : LOCALES.includes(stored) ? stored : browserLocale();
  const listeners = new Set();
  return {
    get locale() {
      return locale;
    },
    setLocale(next) {
      if (!LOCALES.includes(next) || next === locale) return;
      locale = next;
      if (storageKey) safeStorage()?.setItem(storageKey, next);
      for (const listener of listeners) listener(locale);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    t(key, values = {}) {
      const text = table[locale]?.[key] ?? table.en?.[key] ?? key;
      return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? `{${name}}`));
    },
    /** A time in the reader's language, e.g. 14:05. */
    time(iso) {
      return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
    },
  };
}

function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
