import { h, relabel } from './dom.js';
import { clock } from './format.js';
import { named } from './names.js';
import { onTick } from './ticker.js';

/**
 * One offered conversation on the desk: category, priority, the brief's one-line summary, a live
 * countdown to when the offer runs out, and Accept / Decline. `onOpen` previews the conversation.
 * Returns `{ element, destroy }`.
 */
export function offerCard(ctx, offer, { onAccept, onDecline, onOpen }) {
  const { t } = ctx;
  const titleId = `offer-${offer.conversationId}`;
  const countdown = h('span', { class: 'offer-countdown', role: 'timer', 'aria-live': 'off' });
  const bar = h('span', { class: 'offer-bar-fill' });
  const accept = h('button', { type: 'button', class: 'button button-primary', i18n: 'offer.accept', 'aria-describedby': titleId });
  const decline = h('button', { type: 'button', class: 'button', i18n: 'offer.decline', 'aria-describedby': titleId });
  const started = Date.now();
  const expires = Date.parse(offer.offerExpiresAt);
  const total = Math.max(1, (expires - started) / 1000);

  const busy = async (button, action) => {
    accept.disabled = decline.disabled = true;
    button.classList.add('is-busy');
    try {
      await action();
    } finally {
      accept.disabled = decline.disabled = false;
      button.classList.remove('is-busy');
    }
  };
  accept.addEventListener('click', () => busy(accept, onAccept));
  decline.addEventListener('click', () => busy(decline, onDecline));

  const priority = offer.priority ?? null;
  const element = h('article', { class: ['offer-card', priority >= 3 && 'offer-card-urgent'], 'aria-labelledby': titleId },
    h('div', { class: 'offer-top' },
      h('span', { class: 'chip chip-category', text: offer.category ? named(t, 'category', offer.category) : t('offer.noCategory') }),
      priority !== null ? h('span', { class: ['chip', `chip-priority-${Math.min(5, priority)}`], i18n: 'priority.value', i18nVars: { n: priority } }) : null,
      countdown),
    h('button', { type: 'button', class: 'offer-summary link-button', id: titleId, onclick: onOpen, i18nTitle: 'offer.preview' },
      offer.summary ? h('span', { text: offer.summary }) : h('span', { i18n: 'offer.noSummary' })),
    h('div', { class: 'offer-bar', 'aria-hidden': 'true' }, bar),
    h('div', { class: 'offer-actions' }, decline, accept));

  const update = (now) => {
    const left = (expires - now) / 1000;
    if (!Number.isFinite(left)) {
      countdown.textContent = '';
      return;
    }
    relabel(countdown, left > 0 ? 'offer.expiresIn' : 'offer.expiring', { time: clock(left) });
    bar.style.width = `${Math.max(0, Math.min(100, (left / total) * 100))}%`;
    element.classList.toggle('offer-card-ending', left <= 10);
  };
  update(Date.now());
  const off = onTick(update);
  return { element, destroy: off };
}
