import { toMermaid } from '../../machines/chart';
import { conversationMachine } from '../../machines/conversation';

describe('the state chart', () => {
  const chart = toMermaid(conversationMachine);

  it('draws every state and every transition of the machine', () => {
    for (const state of ['bot', 'escalation_pending', 'looking_up_customer', 'transferring_context', 'matching', 'queued', 'agent_assigned', 'resolved']) {
      expect(chart).toMatch(new RegExp(`\\b${state}\\b`));
    }
    expect(chart).toContain('bot --> escalation_pending: ESCALATION_REQUESTED');
    expect(chart).toContain('matching --> queued: NO_AGENT_AVAILABLE');
    expect(chart).toContain('active --> resolved: RESOLVE_REQUESTED [isUnnamedOrAssignedAgent]');
    expect(chart).toContain('resolved --> [*]');
  });

  it('lists the effects each state runs on entry', () => {
    expect(chart).toContain('entry / recordState, announceTransfer');
  });
});
