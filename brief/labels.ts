import type { Escalation, Locale } from '../domain/conversation';
import type { Category } from '../domain/brief';

/** What an agent reads in the brief, per locale. */
export interface BriefLabels {
  category: Record<Category, string>;
  trigger: Record<string, string>;
  headings: {
    title: string; channel: string; language: string; builtAt: string; summary: string; customer: string; orders: string;
    classification: string; sentiment: string; escalation: string; missing: string; knowledge: string; botAttempts: string;
    transcript: string; none: string; category: string; intent: string; priority: string; tags: string; trend: string;
    phone: string; email: string; since: string; transfers: string; to: string;
  };
  sender: Record<'customer' | 'bot' | 'system' | 'agent', string>;
}

const zhCN: BriefLabels = {
  category: { orders: '订单', shipping: '物流配送', returns_refunds: '退货退款', payments: '支付', account: '账号', complaint: '投诉', general: '一般咨询' },
  trigger: {
    keyword: '客户要求转人工', menu: '客户选择了“转人工服务”', service_request: '业务系统发起转接', bot_unavailable: '机器人不可用',
    bot_decision: '机器人判断需要人工', question_type: '问题类型需人工处理', negative_emotion: '客户情绪激动', repeated_dissatisfaction: '客户多次表示不满意',
    bot_fallbacks: '机器人多次未能理解', turns_without_resolution: '多轮对话未解决', takeover: '客服主动接入',
  },
  headings: {
    title: '交接摘要', channel: '渠道', language: '语言', builtAt: '生成于', summary: '摘要', customer: '客户', orders: '最近订单',
    classification: '分类', sentiment: '情绪', escalation: '转人工原因', missing: '缺失信息', knowledge: '相关知识', botAttempts: '机器人已答复',
    transcript: '对话记录', none: '无', category: '类别', intent: '意图', priority: '优先级', tags: '标签', trend: '趋势',
    phone: '电话', email: '邮箱', since: '注册于', transfers: '转接记录', to: '转给',
  },
  sender: { customer: '客户', bot: '机器人', system: '系统', agent: '客服' },
};

const zhTW: BriefLabels = {
  category: { orders: '訂單', shipping: '物流配送', returns_refunds: '退貨退款', payments: '支付', account: '帳號', complaint: '投訴', general: '一般諮詢' },
  trigger: {
    keyword: '客戶要求轉人工', menu: '客戶選擇了「轉人工服務」', service_request: '業務系統發起轉接', bot_unavailable: '機器人無法使用',
    bot_decision: '機器人判斷需要人工', question_type: '問題類型需人工處理', negative_emotion: '客戶情緒激動', repeated_dissatisfaction: '客戶多次表示不滿意',
    bot_fallbacks: '機器人多次未能理解', turns_without_resolution: '多輪對話未解決', takeover: '客服主動接入',
  },
  headings: {
    title: '交接摘要', channel: '渠道', language: '語言', builtAt: '產生於', summary: '摘要', customer: '客戶', orders: '最近訂單',
    classification: '分類', sentiment: '情緒', escalation: '轉人工原因', missing: '缺少的資訊', knowledge: '相關知識', botAttempts: '機器人已回覆',
    transcript: '對話記錄', none: '無', category: '類別', intent: '意圖', priority: '優先級', tags: '標籤', trend: '趨勢',
    phone: '電話', email: '電郵', since: '註冊於', transfers: '轉接紀錄', to: '轉給',
  },
  sender: { customer: '客戶', bot: '機器人', system: '系統', agent: '客服' },
};

const en: BriefLabels = {
  category: { orders: 'orders', shipping: 'shipping', returns_refunds: 'returns and refunds', payments: 'payments', account: 'account', complaint: 'a complaint', general: 'a general question' },
  trigger: {
    keyword: 'the customer asked for a person', menu: 'the customer chose "Talk to a human"', service_request: 'a business system asked for it',
    bot_unavailable: 'the bot was unavailable', bot_decision: 'the bot decided a person should take over', question_type: 'the kind of problem needs a person',
    negative_emotion: 'the customer is upset', repeated_dissatisfaction: 'the customer said repeatedly the bot was not helping',
    bot_fallbacks: 'the bot did not understand several times in a row', turns_without_resolution: 'many turns without resolution',
    takeover: 'an agent stepped in',
  },
  headings: {
    title: 'Handoff brief', channel: 'Channel', language: 'Language', builtAt: 'Built at', summary: 'Summary', customer: 'Customer', orders: 'Recent orders',
    classification: 'Classification', sentiment: 'Sentiment', escalation: 'Why it was escalated', missing: 'Missing', knowledge: 'Knowledge base', botAttempts: 'The bot already answered',
    transcript: 'Transcript', none: 'none', category: 'category', intent: 'intent', priority: 'priority', tags: 'tags', trend: 'trend',
    phone: 'phone', email: 'email', since: 'customer since', transfers: 'Transfers', to: 'to',
  },
  sender: { customer: 'Customer', bot: 'Bot', system: 'System', agent: 'Agent' },
};

export const BRIEF_LABELS: Record<Locale, BriefLabels> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/**
 * Which triggers' evidence is the customer's own words (a keyword, the question they asked, the
 * reason a service gave) and reads in any language. The others' evidence is Baton's English note
 * for logs ("2 answers in a row without understanding"): a Chinese brief names the trigger alone.
 */
const EVIDENCE_IN_CUSTOMER_WORDS = new Set(['keyword', 'question_type', 'menu', 'service_request', 'vip']);

export function evidenceFor(escalation: Escalation, locale: Locale): string | null {
  if (!escalation.evidence) return null;
  return locale === 'en' || EVIDENCE_IN_CUSTOMER_WORDS.has(escalation.trigger) ? escalation.evidence : null;
}
