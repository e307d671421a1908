import { h, relabel } from './dom.js';
import { duration, secondsSince } from './format.js';
import { emptyState, errorState, listRow, loadingState } from './list-row.js';
import { named, riskReasons } from './names.js';
import { onTick } from './ticker.js';

/**
 * The floor as a supervisor sees it, each list refreshed every 5 s while it is shown: live bot
 * conversations by risk (watch, take over), the queue with waits ticking, everything assigned or
 * on its way to an agent, and the agents with their status and load.
 */
const REFRESH_MS = 5000;

/** Loads, renders and reloads a list while its tab is open; returns the cleanup. */
function pollingList(ctx, panel, { load, render, setCount = () => {} }) {
  let items = null;
  let failed = null;
  let timer = null;
  let stopped = false;
  const body = h('div', { class: 'list-body' }, loadingState());
  panel.append(body);

  const draw = () => {
    if (failed && !items) body.replaceChildren(errorState(failed, reload));
    else if (items) {
      body.replaceChildren(render(items));
      ctx.markOpen(body);
    }
  };
  async function reload() {
    clearTimeout(timer);
    try {
      items = await load();
      failed = null;
      setCount(items.length);
    } catch (error) {
      failed = error;
      if (error?.status === 401) ctx.fail(error);
    }
    if (stopped) return;
    draw();
    timer = setTimeout(reload, REFRESH_MS);
  }
  reload();
  const offLocale = ctx.onLocale(draw);
  const offChanged = ctx.bus.on('conversation-changed', () => reload());
  return () => {
    stopped = true;
    clearTimeout(timer);
    offLocale();
    offChanged();
  };
}

function customerName(ctx, conversation) {
  return conversation.customer?.name || conversation.customer?.id || ctx.t('conversation.unknownCustomer');
}

function takeoverButton(ctx, conversation) {
  if (!ctx.me.agentId) return null;
  return h('button', {
    type: 'button', class: 'button button-small', i18n: 'action.takeOver',
    i18nAria: 'action.takeOverNamed', i18nVars: { name: customerName(ctx, conversation) },
    onclick: (event) => ctx.takeOver(conversation.id, event.currentTarget),
  });
}

/** A note at the top of a list saying why the Take over buttons are missing. */
function noAgentNote(ctx) {
  return ctx.me.agentId ? null : h('p', { class: 'list-note', i18n: 'takeover.needsAgent' });
}

export function liveBotsView(ctx, panel, setCount) {
  const { api, t } = ctx;
  return pollingList(ctx, panel, {
    setCount,
    load: async () => {
      const answer = await api.get('/v1/conversations?state=bot&limit=100');
      return (answer?.conversations ?? []).slice().sort((a, b) => (b.risk?.score ?? 0) - (a.risk?.score ?? 0) || Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    },
    render: (items) => {
      if (items.length === 0) return emptyState('bots.emptyTitle', 'bots.emptyBody');
      return h('div', {}, noAgentNote(ctx), h('ul', { class: 'rows', role: 'list' }, items.map((conversation) => {
        const risk = conversation.risk ?? { score: 0, level: 'low', reasons: [] };
        return listRow({
          id: conversation.id,
          tone: risk.level === 'high' ? 'alert' : null,
          title: customerName(ctx, conversation),
          badges: [h('span', { class: ['chip', `chip-risk-${risk.level}`], i18n: 'risk.badge', i18nVars: { level: t(`risk.${risk.level}`), score: Math.round(risk.score * 100) } })],
          meta: [named(t, 'channel', conversation.channel), conversation.locale ? named(t, 'locale', conversation.locale) : null, h('span', { i18n: 'list.updatedAt', i18nVars: { time: ctx.i18n.time(conversation.updatedAt) } })].filter(Boolean),
          summary: riskReasons(t, risk).join(' · ') || t('risk.noSignals'),
          openLabelKey: 'list.watch',
          onOpen: () => ctx.open(conversation.id),
          actions: [takeoverButton(ctx, conversation)].filter(Boolean),
        });
      })));
    },
  });
}

export function queueView(ctx, panel, setCount) {
  const { api, t } = ctx;
  const clocks = new Set();
  const offTick = onTick(() => clocks.forEach((update) => update()));
  const stop = pollingList(ctx, panel, {
    setCount,
    load: async () => {
      const answer = await api.get('/v1/conversations?state=queued&limit=200');
      return (answer?.conversations ?? []).slice().sort((a, b) => (a.queue?.position ?? 1e9) - (b.queue?.position ?? 1e9));
    },
    render: (items) => {
      clocks.clear();
      if (items.length === 0) return emptyState('queue.emptyTitle', 'queue.emptyBody');
      return h('div', {}, noAgentNote(ctx), h('ul', { class: 'rows', role: 'list' }, items.map((conversation) => {
        const triage = conversation.triage;
        const waited = h('span', { class: 'waited' });
        const since = conversation.queuedAt ?? conversation.updatedAt;
        const update = () => relabel(waited, 'queue.waited', { duration: duration(t, secondsSince(since)) });
        update();
        clocks.add(update);
        const estimate = conversation.queue?.estimatedWaitSeconds;
        return listRow({
          id: conversation.id,
          tone: (triage?.priority ?? 0) >= 3 ? 'alert' : null,
          title: customerName(ctx, conversation),
          badges: [
            conversation.queue ? h('span', { class: 'chip chip-position', i18n: 'queue.position', i18nVars: { n: conversation.queue.position } }) : null,
            triage ? h('span', { class: ['chip', `chip-priority-${Math.min(5, triage.priority)}`], i18n: 'priority.value', i18nVars: { n: triage.priority } }) : null,
          ],
          meta: [
            triage?.category ? named(t, 'category', triage.category) : null,
            triage?.skill ? t('queue.skill', { skill: named(t, 'skill', triage.skill) }) : null,
            waited,
            estimate === null || estimate === undefined ? h('span', { class: 'text-warn', i18n: 'queue.noEstimate' }) : h('span', { i18n: 'queue.estimate', i18nVars: { duration: duration(t, estimate) } }),
          ].filter(Boolean),
          summary: triage?.summary ?? null,
          openLabelKey: 'list.watch',
          onOpen: () => ctx.open(conversation.id),
          actions: [takeoverButton(ctx, conversation)].filter(Boolean),
        });
      })));
    },
  });
  return () => {
    stop();
    offTick();
  };
}

export function allView(ctx, panel, setCount) {
  const { api, t } = ctx;
  return pollingList(ctx, panel, {
    setCount,
    load: async () => {
      const [assigned, pending, agents] = await Promise.all([
        api.get('/v1/conversations?state=agent_assigned&limit=200'),
        api.get('/v1/conversations?state=escalation_pending&limit=200'),
        ctx.agents(),
      ]);
      const names = new Map(agents.map((agent) => [agent.id, agent.name]));
      return [...(pending?.conversations ?? []), ...(assigned?.conversations ?? [])].map((conversation) => ({ ...conversation, agentName: names.get(conversation.agentId ?? conversation.assignment?.agentId) }));
    },
    render: (items) => {
      if (items.length === 0) return emptyState('all.emptyTitle', 'all.emptyBody');
      return h('ul', { class: 'rows', role: 'list' }, items.map((conversation) => {
        const assignment = conversation.assignment;
        const stage = conversation.state === 'escalation_pending' ? 'escalation_pending' : assignment?.status === 'offered' ? 'offered' : 'active';
        const agentId = conversation.agentId ?? assignment?.agentId;
        return listRow({
          id: conversation.id,
          title: customerName(ctx, conversation),
          badges: [h('span', { class: ['chip', stage === 'active' ? 'chip-ok' : 'chip-warn'], text: named(t, 'state', stage) })],
          meta: [
            agentId ? t('all.agent', { name: conversation.agentName ?? agentId }) : null,
            conversation.triage?.category ? named(t, 'category', conversation.triage.category) : null,
            named(t, 'channel', conversation.channel),
            assignment?.assignedAt ? t('mine.since', { time: ctx.i18n.time(assignment.assignedAt) }) : null,
          ].filter(Boolean),
          summary: conversation.triage?.summary ?? null,
          openLabelKey: 'list.watch',
          onOpen: () => ctx.open(conversation.id),
        });
      }));
    },
  });
}

export function agentsView(ctx, panel) {
  const { t } = ctx;
  return pollingList(ctx, panel, {
    load: () => ctx.agents({ fresh: true }),
    render: (agents) => {
      if (agents.length === 0) return emptyState('agents.emptyTitle', 'agents.emptyBody');
      const counts = Object.fromEntries(['available', 'away', 'offline'].map((status) => [status, agents.filter((agent) => agent.status === status).length]));
      return h('div', {},
        h('p', { class: 'list-note list-note-plain', i18n: 'agents.summary', i18nVars: counts }),
        h('ul', { class: 'rows', role: 'list' }, agents.map((agent) => {
          const share = agent.capacity ? Math.min(1, agent.load / agent.capacity) : 0;
          return listRow({
            title: agent.name,
            badges: [h('span', { class: 'status-pill' }, h('span', { class: ['status-dot', `status-${agent.status}`], 'aria-hidden': 'true' }), h('span', { text: named(t, 'status', agent.status) }))],
            meta: [
              h('span', { class: 'inline-load' },
                h('span', { class: ['meter', 'meter-small', agent.load >= agent.capacity && 'meter-full'], 'aria-hidden': 'true' }, h('span', { class: 'meter-fill', style: `width:${share * 100}%` })),
                h('span', { i18n: 'agents.load', i18nVars: { load: agent.load, capacity: agent.capacity } })),
              agent.team ? t('agents.team', { team: agent.team }) : null,
              agent.missedOffers ? h('span', { class: 'text-warn', i18n: 'desk.missedOffers', i18nVars: { n: agent.missedOffers } }) : null,
            ].filter(Boolean),
            summary: h('span', { class: 'skill-list' }, (agent.skills ?? []).map((skill) => h('span', { class: 'chip chip-skill', text: `${named(t, 'skill', skill.name ?? skill)}${skill.level ? ` · ${skill.level}` : ''}` }))),
          });
        })));
    },
  });
}
