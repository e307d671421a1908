import { element, icon, ICONS } from './element.js';

/**
 * 转人工服务: always there while the bot is answering, so asking for a person is never a hunt —
 * except while the quick replies already offer it, so the same choice is not shown twice.
 */
export function createHandoffButton({ i18n, onHandoff }) {
  const label = element('span');
  const button = element('button', { type: 'button', class: 'handoff-button', onclick: () => onHandoff() }, icon(ICONS.headset), label);
  return {
    element: button,
    update(snapshot) {
      label.textContent = i18n.t('talkToHuman');
      const withBot = snapshot.state === 'bot' || snapshot.state === null;
      button.hidden = !withBot || snapshot.phase === 'expired' || snapshot.phase === 'failed' || quickRepliesOfferHandoff(snapshot);
      button.disabled = snapshot.busy;
    },
  };
}

function quickRepliesOfferHandoff({ latest, dismissedReplies, phase }) {
  return phase === 'ready' && latest?.status === 'sent' && latest.id !== dismissedReplies && latest.quickReplies.some((reply) => reply.action === 'handoff');
}
