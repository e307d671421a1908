import { element, icon, ICONS } from './element.js';

/**
 * What has been said, oldest first: the customer's bubbles on the right, the bot's and the agent's
 * on the left (each with who it is), Baton's notices centred. A `role="log"` region, so screen
 * readers announce what is added. Each message has one element, keyed by its entry, and is only
 * moved when the order changes — so nothing is shown twice and nothing is re-announced.
 */
export function createTranscript({ i18n, onRetry }) {
  const welcome = element('p', { class: 'bubble-text' });
  const welcomeRow = element('div', { class: 'row from-bot welcome' }, element('div', { class: 'bubble' }, welcome));
  const typing = element('div', { class: 'row from-bot typing', hidden: true }, element('div', { class: 'bubble' }, element('span', { class: 'dots', 'aria-hidden': 'true' }, element('i'), element('i'), element('i')), element('span', { class: 'visually-hidden' })));
  const log = element('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' }, welcomeRow, typing);
  const rows = new Map();

  function rowFor(entry) {
    let row = rows.get(entry);
    if (row) return row;
    const sender = element('div', { class: 'sender' });
    const text = entry.from === 'system' ? element('span', { class: 'notice-text' }) : element('p', { class: 'bubble-text' });
    const time = element('time', { class: 'time' });
    const status = element('span', { class: 'delivery' });
    const retry = element('button', { type: 'button', class: 'link-button', onclick: () => onRetry(entry) });
    const meta = element('div', { class: 'meta' }, time, status, retry);
    const node =
      entry.from === 'system'
        ? element('div', { class: 'row from-system' }, element('p', { class: 'notice' }, text, time))
        : element('div', { class: `row from-${entry.from}` }, sender, element('div', { class: 'bubble' }, text), meta);
    row = { node, sender, text, time, status, retry, meta };
    rows.set(entry, row);
    return row;
  }

  function paint(row, entry, { showSender, agentNames }) {
    if (row.text.textContent !== entry.text) row.text.textContent = entry.text;
    const time = entry.at && entry.status === 'sent' ? i18n.time(entry.at) : '';
    row.time.textContent = time;
    if (entry.at) row.time.setAttribute('datetime', entry.at);
    row.time.hidden = !time;
    if (entry.from === 'system') return;
    row.sender.hidden = !showSender;
    if (showSender) {
      const name = entry.from === 'agent' ? (agentNames.get(entry.agentId) ?? i18n.t('agentName')) : entry.from === 'bot' ? i18n.t('botName') : i18n.t('you');
      row.sender.replaceChildren(entry.from === 'agent' ? icon(ICONS.headset, 'icon sender-icon') : '', name);
    }
    row.node.classList.toggle('failed', entry.status === 'failed');
    row.status.textContent = entry.status === 'sending' ? i18n.t('sending') : entry.status === 'failed' ? i18n.t('notSent') : '';
    row.status.hidden = entry.status === 'sent';
    row.retry.hidden = entry.status !== 'failed';
    row.retry.textContent = i18n.t('retry');
  }

  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  // Kept at the newest message unless the reader scrolled up — also when the space shrinks
  // (quick replies or a form appearing below, the panel resized).
  let stickToEnd = true;
  const toEnd = () => {
    log.scrollTop = log.scrollHeight;
  };
  log.addEventListener('scroll', () => {
    stickToEnd = nearBottom();
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => stickToEnd && toEnd()).observe(log);

  return {
    element: log,
    update(snapshot, { agentNames = new Map() } = {}) {
      log.setAttribute('aria-label', i18n.t('transcript'));
      welcome.textContent = i18n.t('welcome');
      typing.querySelector('.visually-hidden').textContent = i18n.t('typing');
      const seen = new Set();
      let previous = null;
      let cursor = welcomeRow;
      let customerAdded = false;
      for (const entry of snapshot.messages) {
        const isNew = !rows.has(entry);
        const row = rowFor(entry);
        seen.add(entry);
        const sameSender = previous && previous.from === entry.from && previous.agentId === entry.agentId;
        paint(row, entry, { showSender: entry.from !== 'customer' && !sameSender, agentNames });
        if (cursor.nextSibling !== row.node) cursor.after(row.node);
        cursor = row.node;
        if (isNew && entry.from === 'customer') customerAdded = true;
        previous = entry;
      }
      for (const [entry, row] of rows) {
        if (!seen.has(entry)) {
          row.node.remove();
          rows.delete(entry);
        }
      }
      typing.hidden = !(snapshot.awaitingReply && (snapshot.state === 'bot' || snapshot.state === null));
      if (log.lastChild !== typing) log.append(typing);
      if (stickToEnd || customerAdded) toEnd();
    },
    scrollToEnd() {
      stickToEnd = true;
      toEnd();
    },
  };
}
