import { element } from './element.js';

/**
 * The buttons offered with the latest message (订单问题, 请回电给我, 继续等待…). Choosing one puts
 * them away; so does anything the customer says after them.
 */
export function createQuickReplies({ i18n, onChoose }) {
  const group = element('div', { class: 'quick-replies', role: 'group', hidden: true });
  let offeredFor = null;

  return {
    element: group,
    update(snapshot) {
      group.setAttribute('aria-label', i18n.t('quickReplies'));
      const latest = snapshot.latest;
      const offered =
        snapshot.phase === 'ready' &&
        !snapshot.leaveQueueForm &&
        snapshot.state !== 'resolved' &&
        latest?.status === 'sent' &&
        latest.quickReplies.length > 0 &&
        latest.id !== snapshot.dismissedReplies;
      group.hidden = !offered;
      if (!offered) {
        offeredFor = null;
        return group.replaceChildren();
      }
      for (const button of group.children) button.disabled = snapshot.busy;
      if (offeredFor === latest) return;
      offeredFor = latest;
      group.replaceChildren(
        ...latest.quickReplies.map((reply) =>
          element('button', { type: 'button', class: `chip action-${reply.action}`, text: reply.label, disabled: snapshot.busy, onclick: () => onChoose(reply, latest) }),
        ),
      );
    },
  };
}
