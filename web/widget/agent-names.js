import { AGENT_JOINED_NOTICES } from './locales.js';

/**
 * Who the agents are, as far as a customer can know: customers may not read the agent list, but
 * Baton announces each agent by name in a notice ("人工客服王芳已加入对话…") just before they speak,
 * and messages read back from the transcript carry `agentName`.
 * Returns the name for each agentId seen, and the latest agent announced.
 */
export function agentNamesIn(entries) {
  const byAgentId = new Map();
  let announced = null;
  let latest = null;
  for (const entry of entries) {
    if (entry.from === 'system') {
      const name = nameInNotice(entry.text);
      if (name) announced = latest = name;
    } else if (entry.from === 'agent' && entry.agentId && entry.agentName) {
      // Transcripts read back name the agent who wrote each message.
      byAgentId.set(entry.agentId, entry.agentName);
      latest = entry.agentName;
    } else if (entry.from === 'agent' && entry.agentId && announced && !byAgentId.has(entry.agentId)) {
      byAgentId.set(entry.agentId, announced);
      announced = null;
    }
  }
  return { byAgentId, latest };
}

function nameInNotice(text) {
  for (const pattern of AGENT_JOINED_NOTICES) {
    const match = pattern.exec(text ?? '');
    if (match) return match[1].trim();
  }
  return null;
}
