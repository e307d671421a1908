import { readJsonFile } from '../config/json-file';
import { z } from 'zod';
import { LOCALES, type Locale } from '../domain/conversation';

/**
 * Everything Baton itself says to a customer, per locale, as templates with `{position}`, `{wait}`
 * and `{agent}` placeholders. A company can override any of them with a JSON file
 * (BATON_PROMPTS_FILE): `{"zh-CN": {"transferring": "…"}, "en": {…}}`.
 */
export const PROMPT_KEYS = [
  'transferring',
  'queuePosition',
  'queuePositionUnknown',
  'callbackOffer',
  'callbackLabel',
  'messageLabel',
  'keepWaitingLabel',
  'callbackConfirmed',
  'messageConfirmed',
  'leftQueue',
  'agentJoined',
  'handover',
  'resolved',
  'botFallback',
  'handoffMenuLabel',
  'handoffOffer',
  'yesLabel',
  'noLabel',
  'offerDeclined',
  'menuOrders',
  'menuShipping',
  'menuRefunds',
  'menuPayments',
  'menuAccount',
  'callbackNeedsNumber',
  'voiceGreeting',
  'voiceNotHeard',
  'voiceCallbackKey',
  'voiceGoodbye',
] as const;
export type PromptKey = (typeof PROMPT_KEYS)[number];
export type PromptTemplates = Record<PromptKey, string>;

export const DEFAULT_PROMPTS: Record<Locale, PromptTemplates> = {
  'zh-CN': {
    transferring: '正在为您转接人工客服，请稍候……',
    queuePosition: '您是第{position}位等待转接的用户，预计等待时间{wait}。',
    queuePositionUnknown: '您是第{position}位等待转接的用户，目前暂无可接待的客服，我们会尽快为您安排。',
    callbackOffer: '当前等待时间较长（预计{wait}）。您可以选择稍后回电或留言，客服会尽快联系您；也可以继续等待。',
    callbackLabel: '请回电给我',
    messageLabel: '留言',
    keepWaitingLabel: '继续等待',
    callbackConfirmed: '好的，客服会尽快给您回电。',
    messageConfirmed: '已收到您的留言，客服会尽快回复您。',
    leftQueue: '您已退出排队，如需帮助欢迎随时联系我们。',
    agentJoined: '人工客服{agent}已加入对话，很高兴为您服务。',
    handover: '为了更好地解决您的问题，正在为您转接另一位客服，对话记录会一并转交，您无需重复说明。',
    resolved: '本次服务已结束，感谢您的耐心。',
    botFallback: '抱歉，我还没理解您的问题。您可以换个说法，或选择转人工服务。',
    handoffMenuLabel: '转人工服务',
    handoffOffer: '需要为您转接人工客服吗？',
    yesLabel: '需要',
    noLabel: '不用了',
    offerDeclined: '好的，我继续为您服务。请问还有什么可以帮您？',
    menuOrders: '订单问题',
    menuShipping: '物流配送',
    menuRefunds: '退货退款',
    menuPayments: '支付问题',
    menuAccount: '账号问题',
    callbackNeedsNumber: '我们没有可以回电的号码，您可以选择留言，客服会尽快回复您。',
    voiceGreeting: '您好，欢迎致电客服中心。请简单说一下您遇到的问题，需要人工服务请说“转人工”。',
    voiceNotHeard: '抱歉，我没有听清，请再说一遍。',
    voiceCallbackKey: '如需稍后回电，请按1。',
    voiceGoodbye: '感谢您的来电，再见。',
  },
  'zh-TW': {
    transferring: '正在為您轉接人工客服，請稍候……',
    queuePosition: '您是第{position}位等待轉接的用戶，預計等待時間{wait}。',
    queuePositionUnknown: '您是第{position}位等待轉接的用戶，目前暫無可接待的客服，我們會盡快為您安排。',
    callbackOffer: '目前等待時間較長（預計{wait}）。您可以選擇稍後回電或留言，客服會盡快聯繫您；也可以繼續等待。',
    callbackLabel: '請回電給我',
    messageLabel: '留言',
    keepWaitingLabel: '繼續等待',
    callbackConfirmed: '好的，客服會盡快給您回電。',
    messageConfirmed: '已收到您的留言，客服會盡快回覆您。',
    leftQueue: '您已退出排隊，如需協助歡迎隨時聯繫我們。',
    agentJoined: '真人客服{agent}已加入對話，很高興為您服務。',
    handover: '為了更好地解決您的問題，正在為您轉接另一位客服，對話紀錄會一併轉交，您無需重複說明。',
    resolved: '本次服務已結束，感謝您的耐心。',
    botFallback: '抱歉，我還沒理解您的問題。您可以換個說法，或選擇轉人工服務。',
    handoffMenuLabel: '轉人工服務',
    handoffOffer: '需要為您轉接人工客服嗎？',
    yesLabel: '需要',
    noLabel: '不用了',
    offerDeclined: '好的，我繼續為您服務。請問還有什麼可以幫您？',
    menuOrders: '訂單問題',
    menuShipping: '物流配送',
    menuRefunds: '退貨退款',
    menuPayments: '支付問題',
    menuAccount: '帳號問題',
    callbackNeedsNumber: '我們沒有可以回電的號碼，您可以選擇留言，客服會盡快回覆您。',
    voiceGreeting: '您好，歡迎致電客服中心。請簡單說明您遇到的問題，需要真人服務請說「轉人工」。',
    voiceNotHeard: '抱歉，我沒有聽清楚，請再說一次。',
    voiceCallbackKey: '如需稍後回電，請按1。',
    voiceGoodbye: '感謝您的來電，再見。',
  },
  en: {
    transferring: 'Transferring you to a human agent, please wait…',
    queuePosition: 'You are number {position} in line. The estimated wait is {wait}.',
    queuePositionUnknown: 'You are number {position} in line. No agent is free right now; we will connect you as soon as one is.',
    callbackOffer: 'The wait is long right now ({wait}). We can call you back, or you can leave a message and an agent will reply soon — or keep waiting.',
    callbackLabel: 'Call me back',
    messageLabel: 'Leave a message',
    keepWaitingLabel: 'Keep waiting',
    callbackConfirmed: 'Thank you — an agent will call you back soon.',
    messageConfirmed: 'Thank you — we have your message and an agent will reply soon.',
    leftQueue: 'You have left the queue. Contact us any time you need help.',
    agentJoined: '{agent} from our support team has joined the conversation.',
    handover: "To help you best, we are passing you to a colleague. They will see everything so far, so you won't need to repeat yourself.",
    resolved: 'This conversation has ended. Thank you for your patience.',
    botFallback: "Sorry, I didn't quite get that. You can rephrase it, or choose to talk to a human.",
    handoffMenuLabel: 'Talk to a human',
    handoffOffer: 'Would you like me to connect you with a person?',
    yesLabel: 'Yes, please',
    noLabel: 'No, thanks',
    offerDeclined: 'All right, I am still here. What else can I help you with?',
    menuOrders: 'My order',
    menuShipping: 'Shipping',
    menuRefunds: 'Returns and refunds',
    menuPayments: 'Payments',
    menuAccount: 'My account',
    callbackNeedsNumber: 'We have no number to call you back on. You can leave a message instead and an agent will reply soon.',
    voiceGreeting: 'Hello, thank you for calling customer service. Please tell me briefly what you need; say "agent" at any time to talk to a person.',
    voiceNotHeard: "Sorry, I didn't catch that. Please say it again.",
    voiceCallbackKey: 'To be called back instead, press 1.',
    voiceGoodbye: 'Thank you for calling. Goodbye.',
  },
};

/**
 * A wait the way people say it: under a minute, whole minutes up to ten, then fives, then "over
 * an hour". In Chinese the phrase follows 预计等待时间 directly (…为3分钟, …约15分钟).
 */
export function waitPhrase(locale: Locale, seconds: number): string {
  const english = locale === 'en';
  const zh = (simplified: string, traditional: string) => (locale === 'zh-TW' ? traditional : simplified);
  if (seconds < 60) return english ? 'less than a minute' : zh('不到1分钟', '不到1分鐘');
  const minutes = seconds / 60;
  if (minutes < 9.5) {
    const n = Math.round(minutes);
    return english ? `about ${n} minute${n === 1 ? '' : 's'}` : zh(`为${n}分钟`, `為${n}分鐘`);
  }
  if (minutes < 57.5) {
    const n = Math.round(minutes / 5) * 5;
    return english ? `about ${n} minutes` : zh(`约${n}分钟`, `約${n}分鐘`);
  }
  return english ? 'more than an hour' : zh('超过1小时', '超過1小時');
}

export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

const overridesSchema = z.object(
  Object.fromEntries(LOCALES.map((locale) => [locale, z.object(Object.fromEntries(PROMPT_KEYS.map((key) => [key, z.string().min(1)]))).partial().strict().optional()])),
).strict();

/** The default templates with a company's overrides from a JSON file laid over them. */
export function loadPrompts(file?: string): Record<Locale, PromptTemplates> {
  if (!file) return DEFAULT_PROMPTS;
  const overrides = readJsonFile(overridesSchema, file, 'BATON_PROMPTS_FILE') as Partial<Record<Locale, Partial<PromptTemplates>>>;
  return Object.fromEntries(LOCALES.map((locale) => [locale, { ...DEFAULT_PROMPTS[locale], ...overrides[locale] }])) as Record<Locale, PromptTemplates>;
}
