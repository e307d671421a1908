import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { saveAgentProfile, type AgentProfile, type AgentStatus } from '../../db/agents';
import { createConversation } from '../../db/conversations';
import type { Channel, Locale, Requirement } from '../../domain/conversation';
import { DEFAULT_ROUTING_POLICY } from '../../routing/requirements';

const DEFAULT_TEAMS = [...new Set([...DEFAULT_ROUTING_POLICY.rules.map((rule) => rule.skill), DEFAULT_ROUTING_POLICY.fallback.skill])];

/** Rows each test makes for itself, with fresh ids. */
export async function aConversation(db: Pool, { channel = 'web', locale = null }: { channel?: Channel; locale?: Locale | null } = {}) {
  const { conversation } = await createConversation(db, {
    id: randomUUID(),
    customer: { id: `customer-${randomUUID()}`, name: '测试顾客', phone: '+86 138 0000 0000', email: 'c@example.com', locale },
    channel,
    metadata: {},
    idempotencyKey: null,
    requestHash: null,
  });
  return conversation;
}

export async function anAgent(
  db: Pool,
  overrides: Partial<AgentProfile> & { status?: AgentStatus } = {},
): Promise<AgentProfile & { status: AgentStatus }> {
  const agent = {
    id: `agent-${randomUUID()}`,
    name: 'Agent',
    // Every team the default routing rules name, so a test not about skills is not held up by one.
    skills: DEFAULT_TEAMS.map((name) => ({ name, level: 3 })),
    capacity: 2,
    languages: [],
    channels: [],
    status: 'available' as AgentStatus,
    // Tests not about offers take them at once; offer tests set this to false.
    autoAccept: true,
    ...overrides,
  };
  await saveAgentProfile(db, agent);
  return agent;
}

export const general = (overrides: Partial<Requirement> = {}): Requirement => ({
  skill: 'general',
  minLevel: 1,
  priority: 0,
  language: null,
  ...overrides,
});
