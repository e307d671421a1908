import { h, relabel } from './dom.js';
import { openDialog } from './dialog.js';
import { named, SKILLS } from './names.js';

/**
 * Handing the conversation on: to a colleague who is available with a free slot (never oneself),
 * or back to the queue for a skill, with a note for whoever takes it
 * (POST /v1/conversations/:id/transfer {toAgentId | skill, note}). Resolves true when done.
 */
export function openTransferDialog(ctx, conversationId) {
  const { api, me, t } = ctx;
  return new Promise((resolve) => {
    let done = false;
    const kindName = `transfer-kind-${conversationId}`;
    const toAgent = h('input', { type: 'radio', name: kindName, id: 'transfer-to-agent', value: 'agent', checked: true });
    const toQueue = h('input', { type: 'radio', name: kindName, id: 'transfer-to-queue', value: 'queue' });
    const agentSelect = h('select', { id: 'transfer-agent', disabled: true }, h('option', { value: '', i18n: 'state.loading' }));
    const agentHelp = h('p', { class: 'field-help', id: 'transfer-agent-help' });
    const skillSelect = h('select', { id: 'transfer-skill', disabled: true }, SKILLS.map((skill) => h('option', { value: skill, text: named(t, 'skill', skill) })));
    const note = h('textarea', { id: 'transfer-note', rows: '3', maxlength: '2000', i18nPlaceholder: 'transfer.notePlaceholder' });
    const message = h('p', { class: 'form-message', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', i18n: 'transfer.submit', form: 'transfer-form' });

    const sync = () => {
      agentSelect.disabled = !toAgent.checked || agentSelect.dataset.empty === 'true';
      skillSelect.disabled = !toQueue.checked;
    };
    toAgent.addEventListener('change', sync);
    toQueue.addEventListener('change', sync);

    const form = h('form', { id: 'transfer-form', class: 'transfer-form', novalidate: true },
      h('fieldset', { class: 'choice' },
        h('legend', { class: 'field-label', i18n: 'transfer.where' }),
        h('div', { class: 'choice-option' },
          h('div', { class: 'choice-line' }, toAgent, h('label', { for: 'transfer-to-agent', i18n: 'transfer.toAgent' })),
          h('label', { for: 'transfer-agent', class: 'visually-hidden', i18n: 'transfer.agent' }),
          agentSelect, agentHelp),
        h('div', { class: 'choice-option' },
          h('div', { class: 'choice-line' }, toQueue, h('label', { for: 'transfer-to-queue', i18n: 'transfer.toQueue' })),
          h('label', { for: 'transfer-skill', class: 'visually-hidden', i18n: 'transfer.skill' }),
          skillSelect)),
      h('div', { class: 'field' },
        h('label', { for: 'transfer-note', class: 'field-label', i18n: 'transfer.note' }),
        note,
        h('p', { class: 'field-help', i18n: 'transfer.noteHelp' })),
      message);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = toAgent.checked ? { toAgentId: agentSelect.value } : { skill: skillSelect.value };
      if (toAgent.checked && !agentSelect.value) {
        message.className = 'form-message form-message-error';
        relabel(message, 'transfer.pickAgent');
        return;
      }
      if (note.value.trim()) body.note = note.value.trim();
      submit.disabled = true;
      try {
        await api.post(`/v1/conversations/${encodeURIComponent(conversationId)}/transfer`, body);
        done = true;
        ctx.toasts.success(t(toAgent.checked ? 'transfer.doneAgent' : 'transfer.doneQueue', {
          name: agentSelect.selectedOptions[0]?.dataset.name ?? '', skill: named(t, 'skill', skillSelect.value),
        }));
        dialog.close();
        resolve(true);
      } catch (error) {
        message.className = 'form-message form-message-error';
        message.removeAttribute('data-i18n');
        message.textContent = error?.message ?? String(error);
        if (error?.status === 401) ctx.fail(error);
        submit.disabled = false;
      }
    });

    const dialog = openDialog({
      titleKey: 'transfer.title',
      body: form,
      actions: [h('button', { type: 'button', class: 'button', i18n: 'action.cancel', onclick: () => dialog.close() }), submit],
      onClose: () => {
        if (!done) resolve(false);
      },
    });

    (async () => {
      try {
        const agents = await ctx.agents({ fresh: true });
        const free = agents.filter((agent) => agent.id !== me.agentId && agent.status === 'available' && agent.load < agent.capacity);
        if (free.length === 0) {
          agentSelect.replaceChildren(h('option', { value: '', i18n: 'transfer.nobodyFree' }));
          agentSelect.dataset.empty = 'true';
          relabel(agentHelp, 'transfer.nobodyFreeHelp');
          toQueue.checked = true;
        } else {
          agentSelect.replaceChildren(...free.map((agent) => h('option', { value: agent.id, dataset: { name: agent.name },
            text: t('transfer.agentOption', { name: agent.name, load: agent.load, capacity: agent.capacity, skills: (agent.skills ?? []).map((skill) => named(t, 'skill', skill.name)).join(', ') }) })));
          agentSelect.dataset.empty = 'false';
          relabel(agentHelp, 'transfer.freeHelp', { n: free.length });
        }
      } catch (error) {
        agentSelect.replaceChildren(h('option', { value: '', i18n: 'transfer.agentsFailed' }));
        agentSelect.dataset.empty = 'true';
        agentHelp.textContent = error?.message ?? String(error);
        toQueue.checked = true;
      }
      sync();
    })();
  });
}
