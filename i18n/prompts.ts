import type { Locale } from '../machines/domain';

/**
 * Everything Baton itself says to a customer, per locale. Numbers are rounded the way people say
 * them; the wait wording is refined by the wait-estimate work.
 */
export interface PromptCatalog {
  transferring: string;
  queuePosition: (position: number, waitSeconds: number | null) => string;
  agentJoined: (agentName: string) => string;
  resolved: string;
  botFallback: string;
  botGreeting: string;
  handoffMenuLabel: string;
}

function minutesFrom(waitSeconds: number): number {
  return Math.max(1, Math.round(waitSeconds / 60));
}

export const PROMPTS: Record<Locale, PromptCatalog> = {
  'zh-CN': {
    transferring: '正在为您转接人工客服，请稍候……',
    queuePosition: (position, wait) =>
      wait === null
        ? `您是第${position}位等待转接的用户，目前暂无可接待的客服，我们会尽快为您安排。`
        : wait < 60
          ? `您是第${position}位等待转接的用户，预计等待时间不到1分钟。`
          : `您是第${position}位等待转接的用户，预计等待时间为${minutesFrom(wait)}分钟。`,
    agentJoined: (name) => `人工客服${name}已加入对话，很高兴为您服务。`,
    resolved: '本次服务已结束，感谢您的耐心。',
    botFallback: '抱歉，我还没理解您的问题。您可以换个说法，或选择转人工服务。',
    botGreeting: '您好！我是智能客服，请问有什么可以帮您？',
    handoffMenuLabel: '转人工服务',
  },
  'zh-TW': {
    transferring: '正在為您轉接人工客服，請稍候……',
    queuePosition: (position, wait) =>
      wait === null
        ? `您是第${position}位等待轉接的用戶，目前暫無可接待的客服，我們會盡快為您安排。`
        : wait < 60
          ? `您是第${position}位等待轉接的用戶，預計等待時間不到1分鐘。`
          : `您是第${position}位等待轉接的用戶，預計等待時間為${minutesFrom(wait)}分鐘。`,
    agentJoined: (name) => `真人客服${name}已加入對話，很高興為您服務。`,
    resolved: '本次服務已結束，感謝您的耐心。',
    botFallback: '抱歉，我還沒理解您的問題。您可以換個說法，或選擇轉人工服務。',
    botGreeting: '您好！我是智慧客服，請問有什麼可以幫您？',
    handoffMenuLabel: '轉人工服務',
  },
  en: {
    transferring: 'Transferring you to a human agent, please wait…',
    queuePosition: (position, wait) =>
      wait === null
        ? `You are number ${position} in line. No agent is free right now; we will connect you as soon as one is.`
        : wait < 60
          ? `You are number ${position} in line. The estimated wait is less than a minute.`
          : `You are number ${position} in line. The estimated wait is about ${minutesFrom(wait)} minute${minutesFrom(wait) === 1 ? '' : 's'}.`,
    agentJoined: (name) => `${name} from our support team has joined the conversation.`,
    resolved: 'This conversation has ended. Thank you for your patience.',
    botFallback: "Sorry, I didn't quite get that. You can rephrase it, or choose to talk to a human.",
    botGreeting: 'Hi! I am the virtual assistant. How can I help you?',
    handoffMenuLabel: 'Talk to a human',
  },
};
