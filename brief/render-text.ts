import type { Locale } from '../domain/conversation';
import type { HandoffBrief, Transfer } from '../domain/brief';
import { BRIEF_LABELS, evidenceFor } from './labels';

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** The brief as plain text, for channels and agent tools that cannot show structure. */
export function renderBriefText(brief: HandoffBrief, locale: Locale = brief.locale, transfers: Transfer[] = []): string {
  const { headings: h, sender, category, trigger } = BRIEF_LABELS[locale];
  const colon = locale === 'en' ? ': ' : '：';
  const section = (title: string) => (locale === 'en' ? `\n== ${title} ==` : `\n【${title}】`);
  const { customer, classification, escalation } = brief;
  const lines: string[] = [
    `${h.title} · ${brief.conversationId}`,
    `${h.channel}${colon}${brief.channel}   ${h.language}${colon}${brief.locale}   ${h.builtAt}${colon}${time(brief.builtAt)}`,
    section(h.summary),
    brief.summary,
    section(h.customer),
    [
      customer.name ?? customer.id,
      customer.account.vip ? 'VIP' : null,
      customer.account.tier,
      customer.account.since ? `${h.since} ${customer.account.since}` : null,
    ].filter(Boolean).join(' · '),
    `${h.phone}${colon}${customer.phone ?? h.none}   ${h.email}${colon}${customer.email ?? h.none}   (${customer.source})`,
    section(h.orders),
    ...(customer.recentOrders.length
      ? customer.recentOrders.map(
          (order) =>
            `${order.id}  ${order.status}  ${order.amount.toFixed(2)} ${order.currency}  ${order.items.map((item) => `${item.name}×${item.quantity}`).join(', ')}  (${order.placedAt.slice(0, 10)})`,
        )
      : [h.none]),
    section(h.classification),
    `${h.category}${colon}${category[classification.category]}   ${h.intent}${colon}${classification.intent}   ${h.priority}${colon}${classification.priority}`,
    `${h.tags}${colon}${classification.tags.join(', ')}`,
    `${h.sentiment}${colon}${classification.sentiment.overall} (${classification.sentiment.score})   ${h.trend}${colon}${classification.sentiment.trend}`,
    section(h.escalation),
    escalation ? `${trigger[escalation.trigger] ?? escalation.trigger}${evidenceFor(escalation, locale) ? ` — ${evidenceFor(escalation, locale)}` : ''}   (${time(escalation.at)})` : h.none,
    ...(transfers.length
      ? [
          section(h.transfers),
          ...transfers.map((t) => `[${time(t.at)}] ${t.fromAgentId} → ${h.to} ${t.toAgentId ?? t.toSkill}${t.note ? `${colon}${t.note}` : ''}`),
        ]
      : []),
    section(h.missing),
    ...(brief.missing.length ? brief.missing : [h.none]),
    section(h.botAttempts),
    ...(brief.botAttempts.length ? brief.botAttempts.map((attempt) => `[${time(attempt.at)}] ${attempt.text}`) : [h.none]),
    section(h.knowledge),
    ...(brief.knowledge.length ? brief.knowledge.map((article, i) => `${i + 1}. ${article.title} — ${article.excerpt}`) : [h.none]),
    section(h.transcript),
    ...brief.transcript.map((message) => `[${time(message.at)}] ${sender[message.from]}${colon}${message.text}`),
  ];
  return `${lines.join('\n')}\n`;
}
