/**
 * The domain's names (triggers, categories, states, skills…) in the reader's language, from the
 * locale tables; a name the tables do not know yet is shown as it is rather than hidden.
 */
export function named(t, group, value) {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

/** A state path such as `agent_assigned.offered`, each part translated. */
export function statePath(t, path) {
  if (!path) return '';
  return String(path)
    .split('.')
    .map((part) => named(t, 'state', part))
    .join(' › ');
}

/**
 * The risk reasons and trigger evidence the server writes in English (bot/risk.ts,
 * bot/triggers.ts), read back into the reader's language; anything else (a keyword the customer
 * typed) is shown verbatim.
 */
const RISK_REASONS = [
  [/^negative mood \((-?[\d.]+)\)$/, 'riskReason.mood', (m) => ({ score: m[1] })],
  [/^anger ([\d.]+)$/, 'riskReason.anger', (m) => ({ level: m[1] })],
  [/^(\d+) dissatisfied repl(?:y|ies)$/, 'riskReason.dissatisfied', (m) => ({ n: m[1] })],
  [/^(\d+) answers? in a row without understanding$/, 'riskReason.fallbacks', (m) => ({ n: m[1] })],
  [/^(\d+) customer turns$/, 'riskReason.turns', (m) => ({ n: m[1] })],
  [/^agent (\S+) stepped in$/, 'riskReason.steppedIn', (m, agentName) => ({ name: agentName(m[1]) ?? m[1] })],
  [/^accepted the offer: (.*)$/, 'riskReason.acceptedOffer', (m) => ({ text: m[1] })],
  [/^(\d+) turns without resolution$/, 'riskReason.unresolvedTurns', (m) => ({ n: m[1] })],
  [/^(\d+) in a row, the last a thumbs-down$/, 'riskReason.thumbsDown', (m) => ({ n: m[1] })],
  [/^(\d+) in a row: (.*)$/, 'riskReason.inARow', (m) => ({ n: m[1], what: m[2] })],
  [/^mood worsening over (\d+) turns \((.*)\)$/, 'riskReason.worsening', (m) => ({ n: m[1], scores: m[2] })],
];

export function riskReason(t, reason, agentName = (id) => id) {
  for (const [pattern, key, vars] of RISK_REASONS) {
    const match = pattern.exec(reason);
    if (match) return t(key, vars(match, agentName));
  }
  return reason;
}

/** A risk factor as the server codes it (`{code, value}`), in the reader's language. */
export function riskFactor(t, factor) {
  const key = `riskFactor.${factor.code}`;
  const value = typeof factor.value === 'number' ? Number(factor.value.toFixed(2)) : factor.value;
  const text = t(key, { value });
  return text === key ? `${factor.code} ${value ?? ''}`.trim() : text;
}

/** What raised a bot conversation's risk: the coded factors when the server sends them, else its English reasons. */
export function riskReasons(t, risk) {
  if (Array.isArray(risk?.factors) && risk.factors.length) return risk.factors.map((factor) => riskFactor(t, factor));
  return (risk?.reasons ?? []).map((reason) => riskReason(t, reason));
}

export const SKILLS = ['general', 'orders', 'billing', 'account', 'complaints'];
export const AGENT_STATUSES = ['available', 'away', 'offline'];
