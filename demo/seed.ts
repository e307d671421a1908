import type { Pool } from 'pg';
import { getAgent, saveAgentProfile, type AgentProfile } from '../db/agents';
import { addCannedReplyIfAbsent, type CannedReplyDraft } from '../db/canned-replies';
import { addCustomerIfAbsent, addOrderIfAbsent, type CustomerAccount } from '../db/customers';
import { saveArticles } from '../db/knowledge';
import { SEED_ARTICLES } from '../knowledge/seed-articles';

/** Demo customers with accounts and orders, for trying the product with `npm start`. */
const DEMO_CUSTOMERS: CustomerAccount[] = [
  { id: 'c-42', name: '王小明', phone: '+86 138 0013 8000', email: 'xiaoming@example.cn', locale: 'zh-CN', tier: 'gold', since: '2019-03-08', flags: ['vip'] },
  { id: 'c-1001', name: 'Ada Lovelace', phone: '+44 20 7946 0000', email: 'ada@example.com', locale: 'en', tier: 'standard', since: '2023-11-02', flags: [] },
  { id: 'c-2001', name: '陳美玲', phone: '+886 912 345 678', email: 'meiling@example.tw', locale: 'zh-TW', tier: 'silver', since: '2021-06-15', flags: [] },
];

const DEMO_ORDERS = [
  { id: 'SO-20261118-0042', customerId: 'c-42', status: 'shipped', amount: 499.0, currency: 'CNY', daysAgo: 6,
    items: [{ name: '蓝牙降噪耳机', quantity: 1, sku: 'BT-NC-700' }] },
  { id: 'SO-20261020-0107', customerId: 'c-42', status: 'delivered', amount: 129.9, currency: 'CNY', daysAgo: 35,
    items: [{ name: '保温杯 500ml', quantity: 2, sku: 'CUP-500' }] },
  { id: 'SO-20261121-1001', customerId: 'c-1001', status: 'processing', amount: 89.5, currency: 'USD', daysAgo: 3,
    items: [{ name: 'Mechanical keyboard', quantity: 1, sku: 'KB-MX-RED' }] },
  { id: 'SO-20261101-2001', customerId: 'c-2001', status: 'refund_requested', amount: 1280.0, currency: 'TWD', daysAgo: 23,
    items: [{ name: '空氣清淨機濾網', quantity: 2, sku: 'AP-FILTER' }] },
];

/**
 * The demo floor: two agents and a supervisor who also takes conversations. They start offline, so
 * nobody is offered a conversation until someone signs in to the console and goes available.
 */
export const DEMO_AGENTS: Array<AgentProfile & { role: 'agent' | 'supervisor' }> = [
  { id: 'li-na', name: '李娜', role: 'agent', capacity: 2, languages: ['zh'], channels: [], team: 'support',
    skills: [{ name: 'general', level: 3 }, { name: 'orders', level: 3 }, { name: 'billing', level: 3 }, { name: 'account', level: 2 }, { name: 'complaints', level: 2 }] },
  { id: 'tom', name: 'Tom Baker', role: 'agent', capacity: 2, languages: ['en'], channels: [], team: 'support',
    skills: [{ name: 'general', level: 3 }, { name: 'orders', level: 3 }, { name: 'billing', level: 2 }, { name: 'account', level: 3 }, { name: 'complaints', level: 2 }] },
  { id: 'zhang-wei', name: '张伟', role: 'supervisor', capacity: 3, languages: ['zh', 'en'], channels: [], team: 'support',
    skills: [{ name: 'general', level: 5 }, { name: 'orders', level: 4 }, { name: 'billing', level: 4 }, { name: 'account', level: 4 }, { name: 'complaints', level: 5 }] },
];

const DEMO_CANNED_REPLIES: CannedReplyDraft[] = [
  { team: 'support', shortcut: 'hello', locale: 'zh-CN', title: '问候', text: '您好，我是客服，很高兴为您服务。我已经看过您之前和机器人的对话，马上为您处理。' },
  { team: 'support', shortcut: 'hello', locale: 'zh-TW', title: '問候', text: '您好，我是客服，很高興為您服務。我已經看過您之前和機器人的對話，馬上為您處理。' },
  { team: 'support', shortcut: 'hello', locale: 'en', title: 'Greeting', text: "Hello, thanks for waiting. I've read your conversation with our assistant and I'm on it." },
  { team: 'support', shortcut: 'tracking', locale: 'zh-CN', title: '物流查询', text: '我帮您查了一下，您的包裹正在派送途中，预计 1–2 天内送达。物流单号已发送到您的手机。' },
  { team: 'support', shortcut: 'tracking', locale: 'zh-TW', title: '物流查詢', text: '我幫您查了一下，您的包裹正在派送途中，預計 1–2 天內送達。物流單號已傳送到您的手機。' },
  { team: 'support', shortcut: 'tracking', locale: 'en', title: 'Tracking', text: 'I checked your parcel: it is out for delivery and should arrive within 1–2 days. The tracking number has been sent to your phone.' },
  { team: 'support', shortcut: 'refund', locale: 'zh-CN', title: '退款说明', text: '退款已为您提交，原路退回，一般 3–5 个工作日到账。' },
  { team: 'support', shortcut: 'refund', locale: 'zh-TW', title: '退款說明', text: '退款已為您提交，原路退回，一般 3–5 個工作天到帳。' },
  { team: 'support', shortcut: 'refund', locale: 'en', title: 'Refund', text: 'Your refund has been submitted to the original payment method; it usually arrives within 3–5 business days.' },
  { team: 'support', shortcut: 'bye', locale: 'zh-CN', title: '结束语', text: '请问还有其他可以帮您的吗？感谢您的耐心，祝您生活愉快！' },
  { team: 'support', shortcut: 'bye', locale: 'zh-TW', title: '結束語', text: '請問還有其他可以幫您的嗎？感謝您的耐心，祝您生活愉快！' },
  { team: 'support', shortcut: 'bye', locale: 'en', title: 'Closing', text: 'Is there anything else I can help with? Thank you for your patience, and have a good day!' },
];

/** Loads the starter knowledge base, the demo customers, agents and canned replies. Idempotent; never overwrites what exists. */
export async function seedDemoData(db: Pool): Promise<void> {
  await saveArticles(db, SEED_ARTICLES);
  for (const customer of DEMO_CUSTOMERS) await addCustomerIfAbsent(db, customer);
  for (const order of DEMO_ORDERS) await addOrderIfAbsent(db, order);
  for (const { role: _role, ...agent } of DEMO_AGENTS) if (!(await getAgent(db, agent.id))) await saveAgentProfile(db, { ...agent, status: 'offline' });
  for (const reply of DEMO_CANNED_REPLIES) await addCannedReplyIfAbsent(db, reply);
}
