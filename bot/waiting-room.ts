import type { TriggerPolicy } from './policy';
import { questionTypeOf } from './signals/question-type';
import { sentimentOf } from './signals/sentiment';

/** What a message written while waiting showed, and what it asks of the queue. */
export interface WaitingRoomSignal {
  signal: 'legal_threat' | 'fraud' | 'account_security' | 'refund_dispute' | 'business_dispute' | 'complaint' | 'anger' | 'vip';
  /** The words that showed it (the customer's own), or the anger measured. */
  evidence: string;
  /** At least this priority from now on. */
  priority: number;
  /** Another skill it should go to, if the type of problem names one. */
  skill: string | null;
}

/** "我是VIP", "I'm a gold member": the customer says who they are; the CRM may not know yet. */
const VIP_CLAIM = /(?:\bvip\b|我是(?:你们的)?(?:老客户|会员|金卡|白金|钻石|黑卡)|(?:gold|platinum|premium|diamond)\s+(?:member|customer|card))/i;

/**
 * Reads one message written while escalation is pending or the customer is queued, with the same
 * signals the triggers use. The strongest finding wins: a named type of problem, then anger, then a
 * VIP claim. Null when the policy is off or nothing was found.
 */
export function triageWaitingMessage(text: string, policy: TriggerPolicy['waitingRoom']): WaitingRoomSignal | null {
  if (!policy.enabled) return null;
  const found = questionTypeOf(text);
  const typed = found ? policy.priorities[found.type] : undefined;
  if (found && typed !== undefined) return { signal: found.type, evidence: found.evidence, priority: typed, skill: policy.skills[found.type] ?? null };
  const mood = sentimentOf(text);
  const angry = policy.priorities.anger;
  if (angry !== undefined && mood.label === 'negative' && mood.anger >= policy.angerAtOnce) {
    return { signal: 'anger', evidence: `anger ${mood.anger}`, priority: angry, skill: null };
  }
  const vip = VIP_CLAIM.exec(text);
  const vipPriority = policy.priorities.vip;
  if (vip && vipPriority !== undefined) return { signal: 'vip', evidence: vip[0], priority: vipPriority, skill: null };
  return null;
}
