import { h, relabel } from './dom.js';
import { AGENT_STATUSES } from './names.js';

/**
 * The agent's own standing at the top of the desk: a segmented control for available / away /
 * offline (one click, PUT /v1/agents/:id/status), load against capacity, and missed offers.
 * `update(agent)` takes the desk feed's `agent` event. Returns `{ element, update, status, destroy }`.
 */
export function statusControl(ctx, agent) {
  const { api, me, t } = ctx;
  let current = { status: agent?.status ?? 'offline', load: agent?.load ?? 0, capacity: agent?.capacity ?? 0, missedOffers: agent?.missedOffers ?? 0 };

  const buttons = new Map(AGENT_STATUSES.map((status) => [status, h('button', {
    type: 'button', class: ['segment', `segment-${status}`], 'aria-pressed': 'false',
    onclick: () => choose(status),
  }, h('span', { class: ['status-dot', `status-${status}`], 'aria-hidden': 'true' }), h('span', { i18n: `status.${status}` }))]));

  const loadText = h('span', { class: 'load-value' });
  const loadFill = h('span', { class: 'meter-fill' });
  const loadMeter = h('span', { class: 'meter', role: 'meter', 'aria-valuemin': '0', i18nAria: 'desk.load' }, loadFill);
  const missed = h('span', { class: 'missed-offers' });

  async function choose(status) {
    if (status === current.status) return;
    const before = current.status;
    render({ ...current, status });
    try {
      const agentNow = await api.put(`/v1/agents/${encodeURIComponent(me.agentId)}/status`, { status });
      render(agentNow);
      if (agentNow?.passed?.length) ctx.toasts.info(t('status.passedOffers', { n: agentNow.passed.length }));
    } catch (error) {
      render({ ...current, status: before });
      ctx.fail(error, 'status.changeFailed');
    }
  }

  function render(next) {
    current = { ...current, ...next };
    for (const [status, button] of buttons) button.setAttribute('aria-pressed', String(status === current.status));
    loadText.textContent = `${current.load} / ${current.capacity}`;
    const share = current.capacity ? Math.min(1, current.load / current.capacity) : 0;
    loadFill.style.width = `${share * 100}%`;
    loadMeter.setAttribute('aria-valuemax', String(current.capacity));
    loadMeter.setAttribute('aria-valuenow', String(current.load));
    loadMeter.classList.toggle('meter-full', current.capacity > 0 && current.load >= current.capacity);
    missed.hidden = !current.missedOffers;
    relabel(missed, 'desk.missedOffers', { n: current.missedOffers });
  }
  render(current);

  const element = h('section', { class: 'desk-card', 'aria-labelledby': 'desk-me' },
    h('div', { class: 'desk-me' },
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: (agent?.name ?? me.agentId ?? '?').slice(0, 1) }),
      h('span', { class: 'desk-me-text' },
        h('span', { id: 'desk-me', class: 'desk-me-name', text: agent?.name ?? me.agentId }),
        h('span', { class: 'desk-me-team' }, agent?.team ? h('span', { text: agent.team }) : null, ' · ', h('span', { i18n: `role.${me.role}` })))),
    h('div', { class: 'segmented', role: 'group', i18nAria: 'desk.status' }, [...buttons.values()]),
    h('div', { class: 'desk-load' },
      h('span', { class: 'desk-load-label', i18n: 'desk.load' }),
      loadMeter,
      loadText,
      missed));

  return {
    element,
    update: render,
    get status() {
      return current.status;
    },
    get hasRoom() {
      return current.status === 'available' && current.load < current.capacity;
    },
    destroy() {},
  };
}
