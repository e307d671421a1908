import { element, icon, ICONS } from './element.js';

/**
 * The chat window: a header (who you are talking to, how the connection is, the language, close)
 * over a body the other parts fill in. A non-modal dialog; Escape closes it.
 */
export function createChatPanel({ i18n, id, languageSwitcher, onClose }) {
  const title = element('h2', { class: 'title', id: `${id}-title` });
  const subtitle = element('p', { class: 'subtitle' });
  const close = element('button', { type: 'button', class: 'icon-button close-button', onclick: () => onClose() }, icon(ICONS.close));
  const header = element(
    'header',
    { class: 'panel-header' },
    element('div', { class: 'avatar', 'aria-hidden': 'true' }, icon(ICONS.headset)),
    element('div', { class: 'heading' }, title, subtitle),
    languageSwitcher.element,
    close,
  );
  const body = element('div', { class: 'panel-body' });
  const panel = element('section', { class: 'panel', id, role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': `${id}-title`, hidden: true }, header, body);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  });

  return {
    element: panel,
    body,
    focusClose: () => close.focus(),
    update(snapshot, { open }) {
      panel.hidden = !open;
      title.textContent = i18n.t('title');
      close.setAttribute('aria-label', i18n.t('close'));
      close.title = i18n.t('close');
      const connection =
        snapshot.phase === 'opening' ? 'connecting' : snapshot.phase === 'failed' ? 'offline' : snapshot.connection === 'retrying' ? 'reconnecting' : 'online';
      subtitle.textContent = i18n.t(connection);
      subtitle.dataset.connection = connection;
      languageSwitcher.update();
    },
  };
}
