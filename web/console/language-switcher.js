import { LOCALES, LOCALE_NAMES } from '/shared/i18n.js';
import { h } from './dom.js';

/** The language menu in the header: each language named in itself, so anyone can find theirs. */
export function languageSwitcher(i18n) {
  const select = h('select', { class: 'language-select', i18nAria: 'header.language', onchange: () => i18n.setLocale(select.value) },
    LOCALES.map((locale) => h('option', { value: locale, lang: locale, selected: locale === i18n.locale, text: LOCALE_NAMES[locale] })));
  const off = i18n.onChange((locale) => {
    if (!select.isConnected) return off();
    select.value = locale;
  });
  return select;
}
