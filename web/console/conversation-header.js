import { h, relabel } from './dom.js';
import { clock, dateTime, shortId } from './format.js';
import { named, statePath } from './names.js';
import { onTick } from './ticker.js';

/**
 * The top of an open conversation: who the customer is, where the conversation stands, how its
 * live stream is, and what this person may do now — Accept / Decline an offer, Transfer and
 * Resolve one they hold, Take over one they watch — with a line saying why it is read-only.
 * `render(view)` redraws it from the conversation view's state.
 */
export function conversationHeader(ctx, { onAccept, onDecline, onTransfer, onResolve, onTakeOver, onClose }) {
  const { t, me, i18n } = ctx;
  const title = h('h2', { class: 'conversation-title', id: 'conversation-title' });
  const badges = h('span', { class: 'conversation-badges' });
  const meta = h('p', { class: 'conversation-meta' });
  const live = h('span', { class: 'live-indicator', role: 'status' });
  const actions = h('div', { class: 'conversation-actions' });
  const banner = h('p', { class: 'conversation-banner', role: 'status' });
  const close = h('button', { type: 'button', class: 'icon-button', i18nAria: 'conversation.close', i18nTitle: 'conversation.close', onclick: onClose }, '×');
  let countdown = null;
  let expiresAt = null;
  const offTick = onTick((now) => {
    if (countdown && expiresAt) relabel(countdown, 'offer.expiresIn', { time: clock((expiresAt - now) / 1000) });
  });

  const element = h('header', { class: 'conversation-header' },
    h('div', { class: 'conversation-heading' },
      h('div', { class: 'conversation-who' }, title, badges),
      meta),
    h('div', { class: 'conversation-tools' }, live, actions, close),
    banner);

  const button = (key, onclick, kind = '') => h('button', { type: 'button', class: ['button', kind], i18n: key, onclick: (event) => onclick(event.currentTarget) });

  function render(view) {
    // Could not be opened at all: the body says why; the header only names it and offers Close.
    live.hidden = Boolean(view.failed);
    if (view.failed) {
      relabel(title, 'conversation.unavailable');
      badges.replaceChildren();
      meta.replaceChildren(h('span', { text: t('conversation.id', { id: shortId(view.id) }) }));
      actions.replaceChildren();
      banner.hidden = true;
      return;
    }
    delete title.dataset.i18n;
    const record = view.record;
    const customer = record?.customer ?? {};
    title.textContent = customer.name || customer.id || t('conversation.unknownCustomer');
    const stateChip = view.state ? h('span', { class: ['chip', `chip-state-${view.state}`], text: statePath(t, view.state === 'agent_assigned' ? view.path : view.state) }) : null;
    badges.replaceChildren(...[stateChip, view.vip ? h('span', { class: 'chip chip-vip', i18n: 'brief.vip' }) : null].filter(Boolean));
    meta.replaceChildren(...[
      record?.channel ? named(t, 'channel', record.channel) : null,
      record?.locale ? named(t, 'locale', record.locale) : null,
      record?.createdAt ? t('conversation.started', { time: dateTime(i18n.locale, record.createdAt) }) : null,
      t('conversation.id', { id: shortId(record?.id ?? view.id) }),
    ].filter(Boolean).map((part) => h('span', { text: part })));
    relabel(live, `live.${view.stream}`);
    live.className = `live-indicator live-${view.stream}`;

    countdown = null;
    expiresAt = null;
    const mode = view.mode;
    const list = [];
    if (mode === 'held') {
      list.push(button('action.transfer', onTransfer), button('action.resolve', onResolve, 'button-primary'));
    } else if (mode === 'offered') {
      expiresAt = Date.parse(view.offerExpiresAt ?? '') || null;
      if (expiresAt) {
        countdown = h('span', { class: 'offer-countdown', role: 'timer' });
        relabel(countdown, 'offer.expiresIn', { time: clock((expiresAt - Date.now()) / 1000) });
        list.push(countdown);
      }
      list.push(button('offer.decline', onDecline), button('offer.accept', onAccept, 'button-primary'));
    } else if (mode === 'watching' && (view.state === 'bot' || view.state === 'queued')) {
      if (me.agentId) list.push(button('action.takeOver', onTakeOver, 'button-primary'));
    }
    actions.replaceChildren(...list);

    const holderName = view.holder ? ctx.agentName(view.holder) || view.holder : null;
    const note = view.refused ? 'banner.refused'
      : mode === 'offered' ? 'banner.offered'
        : mode === 'ended' ? 'banner.resolved'
          : mode === 'held' ? null
            : view.lostIt ? 'banner.lostIt'
              : view.state === 'bot' ? (me.agentId ? 'banner.watchingBot' : 'banner.watchingBotNoAgent')
                : view.state === 'queued' ? (me.agentId ? 'banner.watchingQueued' : 'banner.watchingQueuedNoAgent')
                  : view.state === 'escalation_pending' ? 'banner.escalating'
                    : holderName ? 'banner.watchingAgent' : 'banner.watching';
    banner.hidden = !note;
    banner.className = ['conversation-banner', note && `banner-${mode}`, (view.refused || view.lostIt) && 'banner-warn'].filter(Boolean).join(' ');
    if (note) relabel(banner, note, { name: holderName ?? '', time: view.resolvedAt ? dateTime(i18n.locale, view.resolvedAt) : '' });
  }

  return { element, render, destroy: offTick };
}
