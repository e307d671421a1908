import { detectHandoffRequest } from '../bot/handoff-request';
import type { HandoffBrief } from '../domain/brief';
import { BRIEF_LABELS, evidenceFor } from './labels';

/** A quotation without its closing full stop, so the sentence around it ends once. */
const quote = (text: string, length = 80) => {
  // Cut between characters, never inside a surrogate pair (half an emoji is text Postgres refuses).
  const characters = Array.from(text.trim().replace(/[。．.!！]+$/u, ''));
  return characters.length > length ? `${characters.slice(0, length - 1).join('')}…` : characters.join('');
};

/** Two or three sentences: what the customer wants, what the bot tried, why it came to a person. */
export function summarize(brief: Omit<HandoffBrief, 'summary'>): string {
  const labels = BRIEF_LABELS[brief.locale];
  const customerTurns = brief.transcript.filter((message) => message.from === 'customer');
  const need = customerTurns.find((message) => !detectHandoffRequest(message.text)) ?? customerTurns.at(-1);
  const category = labels.category[brief.classification.category];
  const escalation = brief.escalation;
  const evidence = escalation ? evidenceFor(escalation, brief.locale) : null;
  const reason = escalation ? `${labels.trigger[escalation.trigger] ?? escalation.trigger}${evidence ? `（${evidence}）` : ''}` : labels.headings.none;
  const lastBot = brief.botAttempts.at(-1)?.text;
  const bot = brief.stats.botTurns;
  if (brief.locale === 'en') {
    return [
      need ? `The customer needs help with ${category}: "${quote(need.text)}".` : `The customer needs help with ${category}.`,
      bot === 0 ? 'The bot had not answered yet.' : `The bot answered ${bot} time${bot === 1 ? '' : 's'}${lastBot ? `, last: "${quote(lastBot, 60)}"` : ''}.`,
      `Escalated because ${reason.replace('（', ' (').replace('）', ')')}.`,
    ].join(' ');
  }
  const said = brief.locale === 'zh-TW' ? '機器人已回覆' : '机器人已回复';
  const notYet = brief.locale === 'zh-TW' ? '機器人尚未回覆。' : '机器人尚未回复。';
  const wants = brief.locale === 'zh-TW' ? '客戶訴求' : '客户诉求';
  return [
    need ? `${wants}（${category}）：「${quote(need.text)}」。` : `${wants}（${category}）。`,
    bot === 0 ? notYet : `${said}${bot}次${lastBot ? `，最近一次：「${quote(lastBot, 60)}」` : ''}。`,
    `${labels.headings.escalation}：${reason}。`,
  ].join('');
}
