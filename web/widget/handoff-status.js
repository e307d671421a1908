import { element } from './element.js';
import { waitLabel } from './locales.js';

/**
 * The strip under the header while a person takes over: transferring, the place in line (polled
 * every 5 s while queued), an agent being connected, who is helping. Hidden with the bot and at the end.
 */
export function handoffStatusOf(snapshot, agentName) {
  const { state, path, queue } = snapshot;
  // The end is told where the composer was (conversation-ended.js); the strip has nothing to add.
  if (snapshot.phase === 'expired') return null;
  if (snapshot.handoffRequested && (state === 'bot' || state === null)) return { tone: 'waiting', key: 'transferring', busy: true };
  switch (state) {
    case 'escalation_pending':
      return { tone: 'waiting', key: 'transferring', busy: true };
    case 'queued':
      if (!queue) return { tone: 'waiting', key: 'waitingInLine', busy: true };
      if (queue.estimatedWaitSeconds === null || queue.estimatedWaitSeconds === undefined) return { tone: 'waiting', key: 'queuePositionOnly', values: { position: queue.position }, busy: true };
      return { tone: 'waiting', key: 'queuePosition', values: { position: queue.position, waitSeconds: queue.estimatedWaitSeconds }, busy: true };
    case 'agent_assigned':
      if (path !== 'agent_assigned.active') return { tone: 'waiting', key: 'connectingAgent', busy: true };
      return agentName ? { tone: 'agent', key: 'agentHelping', values: { name: agentName } } : { tone: 'agent', key: 'agentConnected' };
    default:
      return null;
  }
}

export function createHandoffStatus({ i18n }) {
  const text = element('span', { class: 'status-text' });
  const strip = element('div', { class: 'handoff-status', role: 'status', hidden: true }, element('span', { class: 'status-dot', 'aria-hidden': 'true' }), text);
  let shown = '';

  return {
    element: strip,
    update(snapshot, { agentName } = {}) {
      const status = handoffStatusOf(snapshot, agentName);
      strip.hidden = !status;
      if (!status) return;
      const values = { ...status.values };
      if (values.waitSeconds !== undefined) values.wait = waitLabel(i18n, values.waitSeconds);
      const label = i18n.t(status.key, values);
      strip.dataset.tone = status.tone;
      strip.classList.toggle('busy', Boolean(status.busy));
      // Only a real change is written, so a screen reader is not told the same place in line every 5 s.
      if (label !== shown) text.textContent = shown = label;
    },
  };
}
