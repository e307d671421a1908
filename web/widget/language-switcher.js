import { LOCALES, LOCALE_NAMES } from '../shared/i18n.js';
import { element, icon, ICONS } from './element.js';

/** The small 简体 / 繁體 / EN choice in the panel header; the widget's labels follow at once. */
export function createLanguageSwitcher({ i18n, onChoose }) {
  const select = element(
    'select',
    { class: 'language-select', onchange: (event) => onChoose(event.target.value) },
    ...LOCALES.map((locale) => element('option', { value: locale, lang: locale, text: LOCALE_NAMES[locale] })),
  );
  const wrapper = element('label', { class: 'language-switcher' }, icon(ICONS.globe), select);
  return {
    element: wrapper,
    update() {
      select.value = i18n.locale;
      select.setAttribute('aria-label', i18n.t('language'));
      select.title = i18n.t('language');
    },
  };
}
