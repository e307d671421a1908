import { element } from './element.js';

/**
 * Where the composer was, once the conversation is over (resolved, or the session expired) or
 * could not be opened: what happened, and the way on.
 */
export function createConversationEnded({ i18n, onStartNew, onTryAgain }) {
  const text = element('p', { class: 'ended-text' });
  const button = element('button', { type: 'button', class: 'primary-button' });
  const footer = element('div', { class: 'conversation-ended', hidden: true }, text, button);
  let action = null;
  button.addEventListener('click', () => action?.());

  return {
    element: footer,
    focus: () => button.focus(),
    update(snapshot) {
      const failed = snapshot.phase === 'failed';
      const ended = snapshot.state === 'resolved' || snapshot.phase === 'expired';
      footer.hidden = !failed && !ended;
      if (footer.hidden) return;
      text.textContent = failed ? i18n.t('sessionFailed') : snapshot.phase === 'expired' ? i18n.t('sessionExpired') : i18n.t('ended');
      button.textContent = failed ? i18n.t('tryAgain') : i18n.t('startNew');
      action = failed ? onTryAgain : onStartNew;
    },
  };
}
