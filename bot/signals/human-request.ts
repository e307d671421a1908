import { normalizeText } from '../../knowledge/text';
import { englishTokens } from './english';

/**
 * Does the customer ask for a person? `explicit` is a request no one should second-guess
 * ("human agent", 转人工); `soft` is a reaching-out the bot may answer with an offer ("is anyone
 * there", 有人吗). Asking how to contact customer service (a phone number, an email) is neither.
 */
export interface HumanRequest {
  strength: 'explicit' | 'soft';
  evidence: string;
}

const PERSON = new Set(['human', 'humans', 'person', 'people', 'agent', 'agents', 'representative', 'representatives', 'rep', 'reps',
  'operator', 'operators', 'someone', 'somebody', 'anyone', 'anybody', 'employee', 'employees', 'staff', 'assistant', 'advisor',
  'adviser', 'consultant', 'manager', 'supervisor', 'humanbeing']);
/**
 * A department or a team. Asking to speak to one ("customer service") is, by itself, asking how to
 * contact it; only a person from it ("someone from customer care") is a request for a person.
 */
const DEPARTMENT = new Set(['service', 'support', 'team', 'care', 'department', 'desk', 'helpdesk']);
const VAGUE = new Set(['someone', 'somebody', 'anyone', 'anybody']);
/** A conversation with someone, now: talking, being put through. */
const CONVERSE = new Set(['talk', 'talking', 'speak', 'speaking', 'chat', 'chatting', 'connect', 'connecting', 'transfer', 'transferring',
  'forward', 'hand', 'escalate', 'switch', 'redirect', 'route', 'put']);
/** Reaching someone, which may also mean looking up how to. */
const REACH = new Set([...CONVERSE, 'contact', 'contacting', 'reach', 'reaching', 'get', 'give', 'call', 'calling']);
const WANT = new Set(['want', 'need', 'like', 'can', 'could', 'may', 'let', 'please', 'wanna', 'gimme', 'require', 'request', 'prefer',
  'would', 'help', 'assistance', 'how']);
const DESIRE = new Set(['want', 'need', 'like', 'wanna', 'require', 'prefer']);
const NEGATORS = new Set(['not', 'no', 'never', 'dont']);
const MACHINE = new Set(['bot', 'bots', 'machine', 'robot', 'chatbot', 'automated', 'ai', 'computer']);
/** Talking *about* a person rather than asking for one. */
const ABOUT = new Set(['complain', 'complaint', 'rude', 'review', 'feedback', 'about', 'was', 'were', 'unhelpful', 'useless']);
/** Asking for the way to reach them, not for them now. */
const CONTACT_DETAILS = new Set(['number', 'email', 'address', 'hours', 'phone', 'website', 'form', 'details', 'information', 'info']);

/** "don't want … a human", "no need for an agent", "without an agent": the customer declines a person. */
function declined(before: string[]): boolean {
  if (before.slice(-2).includes('without')) return true;
  return before.some((word, i) => {
    if (!NEGATORS.has(word)) return false;
    const next = before[i + 1] ?? '';
    return DESIRE.has(next) || (['really', 'even', 'actually'].includes(next) && DESIRE.has(before[i + 2] ?? ''));
  });
}

function english(text: string): HumanRequest | null {
  const tokens = englishTokens(text);
  if (tokens.length === 0) return null;
  const joined = tokens.join(' ');
  // A bare "agent", "human please", "representative!".
  const content = tokens.filter((token) => !['please', 'a', 'an', 'the', 'pls', 'plz', 'now', 'hi', 'hello', 'hey'].includes(token));
  if (content.length > 0 && content.length <= 2 && content.some((token) => PERSON.has(token) && !VAGUE.has(token))) {
    return { strength: 'explicit', evidence: content.join(' ') };
  }
  // Refusing the bot is asking for a person: "I don't want to talk to a bot", "talking to a machine is useless".
  for (let i = 0; i < tokens.length; i += 1) {
    if (!MACHINE.has(tokens[i]!)) continue;
    const before = tokens.slice(Math.max(0, i - 6), i);
    const after = tokens.slice(i + 1, i + 4);
    const conversing = before.some((word) => CONVERSE.has(word));
    const refusing = declined(before) || before.some((word) => NEGATORS.has(word)) || after.some((word) => ['stupid', 'useless', 'pointless', 'annoying', 'terrible'].includes(word));
    if (conversing && refusing) return { strength: 'explicit', evidence: `not a ${tokens[i]}` };
  }
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const before = tokens.slice(Math.max(0, i - 7), i);
    const next = tokens.slice(i + 1, i + 4);
    if (PERSON.has(token)) {
      if (declined(before)) continue;
      if (before.some((word) => ABOUT.has(word)) || ABOUT.has(tokens[i + 1] ?? '')) continue;
      if (next.some((word) => CONTACT_DETAILS.has(word))) continue;
      const reaching = before.some((word) => REACH.has(word));
      const wanting = before.some((word) => WANT.has(word));
      // "someone from customer care", "a person from your team".
      const fromDepartment = tokens[i + 1] === 'from' && tokens.slice(i + 2, i + 5).some((word) => DEPARTMENT.has(word) || word === 'company');
      if (!reaching && !wanting && !fromDepartment) continue;
      const vague = VAGUE.has(token);
      return { strength: vague && !reaching && !fromDepartment ? 'soft' : 'explicit', evidence: [...before.slice(-3), token].join(' ') };
    }
  }
  // Asking whether people are there at all: "do you have human support", "are there humans working there".
  if (/\b(do you have|is there|are there|have you got)\b.*\b(human|humans|real person|real people|live agent|live agents|live support|live person)\b/.test(joined)) {
    return { strength: 'soft', evidence: 'asks whether people are there' };
  }
  if (/\b(is|are) (there |)(any ?one|any ?body) (there|here|available|around)\b/.test(joined)) {
    return { strength: 'soft', evidence: 'anyone there' };
  }
  return null;
}

const ZH_EXPLICIT = ['人工客服', '转人工', '转接人工', '联系人工', '人工服务', '找人工', '要人工', '接人工', '真人客服', '人工坐席', '人工座席', '客服人员', '人工介入', '换人工', '人工处理', '接线员', '真人'];
const ZH_WANT = ['我要', '我想', '给我', '帮我', '请', '能不能', '可以', '麻烦', '让', '找', '叫'];
const ZH_PERSON = ['人工', '客服', '真人', '活人', '工作人员', '专员', '经理'];
const ZH_REACH = ['转', '接', '找', '联系', '叫', '换'];
const ZH_NEGATION = ['不要', '不用', '不需要', '别', '不想', '无需', '没必要'];
const ZH_CONTACT_DETAILS = ['电话', '号码', '邮箱', '热线', '地址', '怎么联系', '如何联系', '联系方式', '工作时间'];
const ZH_SOFT = ['有人吗', '有没有人', '在吗', '有人在吗', '人呢', '能找个人吗'];

function chinese(text: string): HumanRequest | null {
  const normalized = normalizeText(text).replace(/[\s\p{P}\p{S}]+/gu, '');
  // The window reaches into the match: in 不需要人工 the keyword 要人工 starts inside the negation.
  const negatedBefore = (at: number) => ZH_NEGATION.some((word) => normalized.slice(Math.max(0, at - 6), at + 1).includes(word));
  if (ZH_CONTACT_DETAILS.some((word) => normalized.includes(word))) return null;
  for (const keyword of ZH_EXPLICIT) {
    const at = normalized.indexOf(keyword);
    if (at >= 0 && !negatedBefore(at)) return { strength: 'explicit', evidence: keyword };
  }
  for (const person of ZH_PERSON) {
    const at = normalized.indexOf(person);
    if (at < 0 || negatedBefore(at)) continue;
    const lead = normalized.slice(Math.max(0, at - 6), at);
    if (ZH_REACH.some((word) => lead.includes(word)) && ZH_WANT.some((word) => normalized.slice(0, at).includes(word))) {
      return { strength: 'explicit', evidence: normalized.slice(Math.max(0, at - 4), at + person.length) };
    }
  }
  const soft = ZH_SOFT.find((phrase) => normalized.includes(phrase));
  return soft ? { strength: 'soft', evidence: soft } : null;
}

/** Both languages are checked, so mixed messages ("我要 human agent") are understood. */
export function detectHumanRequest(text: string): HumanRequest | null {
  const found = [chinese(text), english(text)].filter((request): request is HumanRequest => request !== null);
  return found.find((request) => request.strength === 'explicit') ?? found[0] ?? null;
}
