import { element, icon, ICONS } from './element.js';

/** The round button in the corner that opens and closes the chat, with a count of unread replies. */
export function createLauncher({ i18n, panelId, onToggle }) {
  const badge = element('span', { class: 'unread', hidden: true, 'aria-hidden': 'true' });
  const button = element(
    'button',
    { type: 'button', class: 'launcher', 'aria-controls': panelId, 'aria-expanded': 'false', onclick: () => onToggle() },
    icon(ICONS.chat, 'icon when-closed'),
    icon(ICONS.close, 'icon when-open'),
    badge,
  );

  return {
    element: button,
    focus: () => button.focus(),
    update({ open, unread }) {
      button.setAttribute('aria-expanded', String(open));
      button.classList.toggle('open', open);
      const label = open ? i18n.t('closeChat') : i18n.t('openChat');
      button.setAttribute('aria-label', unread > 0 && !open ? `${label} (${i18n.t('unread', { count: unread })})` : label);
      button.title = label;
      badge.hidden = open || unread === 0;
      badge.textContent = unread > 9 ? '9+' : String(unread);
    },
  };
}
