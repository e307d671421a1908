import type { BotMessageKind, PastMessage } from '../domain/conversation';
import { normalizeText } from '../knowledge/text';
import type { TriggerPolicy } from './policy';
import { dissatisfactionIn } from './signals/dissatisfaction';
import { detectHumanRequest } from './signals/human-request';
import { questionTypeOf } from './signals/question-type';
import { sentimentOf } from './signals/sentiment';

/**
 * Whether the bot lets go, and why. Pure: given the policy, the message and what came before,
 * a verdict with its evidence. The bot activity applies it; the escalation carries the trigger,
 * the message and the evidence into the API, the brief and the search attributes.
 */
export type TriggerName =
  | 'keyword'
  | 'question_type'
  | 'negative_emotion'
  | 'repeated_dissatisfaction'
  | 'bot_fallbacks'
  | 'turns_without_resolution';

export interface TriggerContext {
  policy: TriggerPolicy;
  /** The messages before the current one, oldest first. */
  history: PastMessage[];
  /** Bot messages the customer marked as not helpful. */
  unhelpful: ReadonlySet<string>;
  vip: boolean;
}

export type Verdict =
  | { action: 'escalate'; trigger: TriggerName; evidence: string; priority?: number }
  | { action: 'offer'; evidence: string }
  | { action: 'decline_offer' }
  | { action: 'continue' };

const YES = ['是', '是的', '好', '好的', '嗯', '可以', '需要', '要', '行', '对', '转吧', '转', 'yes', 'yeah', 'yep', 'sure', 'ok', 'okay', 'please', 'please do', 'y'];
const NO = ['不', '不用', '不要', '不需要', '算了', '没事', '不用了', 'no', 'nope', 'not now', 'no thanks', 'n'];
const bare = (text: string) => normalizeText(text).replace(/[\s\p{P}\p{S}]+/gu, '');
const answerIs = (text: string, words: string[]) => words.some((word) => bare(text) === bare(word));

/** A count threshold, lowered for VIP customers. */
function threshold(context: TriggerContext, count: number): number {
  return context.vip && context.policy.vip.enabled ? Math.max(1, Math.ceil(count * context.policy.vip.thresholdFactor)) : count;
}

function offerPending(history: PastMessage[]): boolean {
  const last = history.at(-1);
  return last?.from === 'bot' && last.kind === 'handoff_offer';
}

function companyKeyword(context: TriggerContext, text: string): { mode: 'offer' | 'direct'; keyword: string } | null {
  const normalized = bare(text);
  for (const set of context.policy.humanRequest.keywordSets) {
    for (const keyword of set.keywords) {
      const at = normalized.indexOf(bare(keyword));
      if (at < 0) continue;
      const before = normalized.slice(Math.max(0, at - 8), at + 1);
      const negated = set.language === 'zh' ? ['不要', '不用', '不需要', '别'].some((w) => before.includes(w)) : /(dont|donot|not|no)$/.test(normalized.slice(Math.max(0, at - 6), at));
      if (!negated) return { mode: set.mode, keyword };
    }
  }
  return null;
}

/** Before the bot answers the customer's message. */
export function beforeAnswer(context: TriggerContext, message: { text: string }): Verdict {
  const { policy, history } = context;
  const { text } = message;
  if (offerPending(history)) {
    if (answerIs(text, YES)) return { action: 'escalate', trigger: 'keyword', evidence: `accepted the offer: ${Array.from(text.trim()).slice(0, 40).join('')}` };
    if (answerIs(text, NO)) return { action: 'decline_offer' };
  }
  if (policy.humanRequest.enabled) {
    const request = detectHumanRequest(text);
    const mode = request ? (request.strength === 'explicit' ? policy.humanRequest.explicitMode : policy.humanRequest.softMode) : 'ignore';
    // A company's own keyword set to put through is its word on those words, over the built-in mode.
    const keyword = companyKeyword(context, text);
    if (keyword?.mode === 'direct') return { action: 'escalate', trigger: 'keyword', evidence: keyword.keyword };
    if (request && mode === 'direct') return { action: 'escalate', trigger: 'keyword', evidence: request.evidence };
    if (request && mode === 'offer') return { action: 'offer', evidence: request.evidence };
    if (keyword) return { action: 'offer', evidence: keyword.keyword };
  }
  if (policy.questionType.enabled) {
    const found = questionTypeOf(text);
    if (found && policy.questionType.types.includes(found.type)) {
      return { action: 'escalate', trigger: 'question_type', evidence: `${found.type}: ${found.evidence}`, priority: policy.questionType.priority };
    }
  }
  const customerTurns = [...history.filter((past) => past.from === 'customer').map((past) => past.text), text];
  if (policy.negativeEmotion.enabled) {
    const now = sentimentOf(text);
    if (now.label === 'negative' && now.anger >= policy.negativeEmotion.angerAtOnce) {
      return { action: 'escalate', trigger: 'negative_emotion', evidence: `anger ${now.anger}` };
    }
    const turns = threshold(context, policy.negativeEmotion.worseningTurns);
    const recent = customerTurns.slice(-turns).map((turn) => sentimentOf(turn).score);
    // Never better than the turn before, clearly worse overall, and negative now.
    const worsening =
      recent.length === turns && turns >= 2 && recent.every((score, i) => i === 0 || score <= recent[i - 1]!) && recent[0]! - recent.at(-1)! >= 0.5 && recent.at(-1)! < 0;
    if (worsening) return { action: 'escalate', trigger: 'negative_emotion', evidence: `mood worsening over ${turns} turns (${recent.join(' → ')})` };
  }
  if (policy.repeatedDissatisfaction.enabled) {
    const needed = threshold(context, policy.repeatedDissatisfaction.consecutive);
    const streak = dissatisfactionStreak(context, text);
    if (streak.count >= needed) return { action: 'escalate', trigger: 'repeated_dissatisfaction', evidence: `${streak.count} in a row: ${streak.evidence.join(', ')}` };
  }
  if (policy.turnsWithoutResolution.enabled) {
    const needed = threshold(context, policy.turnsWithoutResolution.maxTurns);
    // Turns since the customer last sounded satisfied.
    let unresolved = 0;
    for (let i = customerTurns.length - 1; i >= 0 && sentimentOf(customerTurns[i]!).label !== 'positive'; i -= 1) unresolved += 1;
    if (unresolved >= needed) return { action: 'escalate', trigger: 'turns_without_resolution', evidence: `${unresolved} turns without resolution` };
  }
  return { action: 'continue' };
}

/** Consecutive signs the bot is not helping, newest first: 没用-like replies and thumbs-down on its answers. */
function dissatisfactionStreak(context: TriggerContext, text: string): { count: number; evidence: string[] } {
  const evidence: string[] = [];
  const current = dissatisfactionIn(text);
  if (!current) return { count: 0, evidence };
  evidence.push(current);
  for (let i = context.history.length - 1; i >= 0; i -= 1) {
    const past = context.history[i]!;
    if (past.from === 'bot') {
      if (context.unhelpful.has(past.id)) evidence.push('thumbs-down');
      continue;
    }
    if (past.from !== 'customer') continue;
    const said = dissatisfactionIn(past.text);
    if (!said) break;
    evidence.push(said);
  }
  return { count: evidence.length, evidence };
}

/** How many of the bot's latest answers in a row were "did not understand". */
export function fallbacksInARow(history: PastMessage[]): number {
  let count = 0;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const past = history[i]!;
    if (past.from !== 'bot') continue;
    if (past.kind !== 'fallback') break;
    count += 1;
  }
  return count;
}

/** After the bot answered: did it fail to understand too many times in a row? */
export function afterAnswer(context: TriggerContext, answered: BotMessageKind): Verdict {
  const { policy, history } = context;
  if (!policy.botFallbacks.enabled || answered !== 'fallback') return { action: 'continue' };
  const inARow = 1 + fallbacksInARow(history);
  const needed = threshold(context, policy.botFallbacks.inARow);
  return inARow >= needed ? { action: 'escalate', trigger: 'bot_fallbacks', evidence: `${inARow} ${inARow === 1 ? 'answer' : 'answers'} in a row without understanding` } : { action: 'continue' };
}

/** Thumbs-down on a bot answer: escalate when it completes a streak of dissatisfaction. */
export function onFeedback(context: TriggerContext): Verdict {
  const { policy, history, unhelpful } = context;
  if (!policy.repeatedDissatisfaction.enabled) return { action: 'continue' };
  let count = 0;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const past = history[i]!;
    if (past.from === 'bot') {
      if (unhelpful.has(past.id)) count += 1;
      else if (past.kind === 'answer' || past.kind === 'fallback') break;
      continue;
    }
    if (past.from === 'customer' && dissatisfactionIn(past.text)) count += 1;
  }
  const needed = threshold(context, policy.repeatedDissatisfaction.consecutive);
  return count >= needed ? { action: 'escalate', trigger: 'repeated_dissatisfaction', evidence: `${count} in a row, the last a thumbs-down` } : { action: 'continue' };
}
