import { z } from 'zod';
import { DeliveryFailure, type ChannelAddress, type ChannelSender, type OutboundMessage } from '../delivery';

/**
 * Delivers Baton's messages through WeChat's customer-service API (`message/custom/send`), with an
 * access token it fetches, caches and refreshes itself. One attempt per call (plus one retry when
 * WeChat says the token went stale); the delivery workflow retries what `retryable` says can help.
 */

export interface WechatClientOptions {
  /** `https://api.weixin.qq.com`, or a stand-in's URL in tests. */
  apiBase: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; decides when the cached token is due for renewal. */
  clock?: () => number;
  timeoutMs?: number;
}

/** Renew a token this long before WeChat says it expires, so no send races its expiry. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 10_000;
const STALE_TOKEN_CODES = new Set([40001, 40014, 42001]);

const tokenAnswer = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }),
  z.object({ errcode: z.number(), errmsg: z.string().optional() }),
]);
const sendAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional(), msgid: z.union([z.number(), z.string()]).optional() });
type SendAnswer = z.infer<typeof sendAnswer>;

interface AccessToken {
  value: string;
  renewAt: number;
}

/** The `msgmenu` item id of the quick reply at `index`: 1-based, so WeChat never sees an id of 0. */
export const quickReplyMenuId = (index: number): string => `${index + 1}`;

/** The index of the quick reply a tapped `bizmsgmenuid` stands for, or null when it is none of ours. */
export function quickReplyIndex(bizMsgMenuId: string): number | null {
  return /^[1-9]\d{0,3}$/.test(bizMsgMenuId) ? Number(bizMsgMenuId) - 1 : null;
}

/** The customer-service message for `message`: a `msgmenu` when there are quick replies to tap. */
export function customServiceMessage(openId: string, message: OutboundMessage): Record<string, unknown> {
  if (message.quickReplies && message.quickReplies.length > 0) {
    const list = message.quickReplies.map((reply, index) => ({ id: quickReplyMenuId(index), content: reply.label }));
    return { touser: openId, msgtype: 'msgmenu', msgmenu: { head_content: message.text, list } };
  }
  return { touser: openId, msgtype: 'text', text: { content: message.text } };
}

export function createWechatClient(options: WechatClientOptions): ChannelSender {
  const { appId, appSecret, clock = Date.now, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const apiBase = options.apiBase.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  let cached: AccessToken | null = null;
  let pending: Promise<AccessToken> | null = null;

  /** Never lets the secret (in the token URL) or a token (in the send URL) reach an error message. */
  const redact = (text: string) => text.split(appSecret).join('[secret]');

  async function call(url: string, init: RequestInit, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // fetch rejects with a DOMException on timeout, which need not be an `Error` of this realm.
      const { name, cause } = error as { name?: string; cause?: { code?: unknown } };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const detail = timedOut ? `did not answer within ${timeoutMs} ms` : `is unreachable (${String(cause?.code ?? name ?? 'network error')})`;
      throw new DeliveryFailure('network', redact(`WeChat's ${what} ${detail}`), true);
    }
    if (!response.ok) await response.body?.cancel(); // frees the connection; the status says enough
    if (response.status >= 500 || response.status === 429) {
      throw new DeliveryFailure(`http:${response.status}`, `WeChat's ${what} answered HTTP ${response.status}`, true);
    }
    if (!response.ok) {
      throw new DeliveryFailure(`http:${response.status}`, `WeChat's ${what} refused the request with HTTP ${response.status}`, false);
    }
    try {
      return await response.json();
    } catch {
      throw new DeliveryFailure('wechat:malformed', `WeChat's ${what} answered with a body that is not JSON`, true);
    }
  }

  async function fetchToken(): Promise<AccessToken> {
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret });
    const requestedAt = clock();
    const parsed = tokenAnswer.safeParse(await call(`${apiBase}/cgi-bin/token?${query}`, { method: 'GET' }, 'token endpoint'));
    if (!parsed.success) throw new DeliveryFailure('wechat:malformed', "WeChat's token endpoint answered without a token", true);
    const answer = parsed.data;
    if ('errcode' in answer) throw tokenRefusal(answer.errcode, redact(answer.errmsg ?? ''));
    // A token shorter-lived than the margin is renewed halfway through instead.
    const lifetimeMs = answer.expires_in * 1000;
    const renewAt = requestedAt + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
    return { value: answer.access_token, renewAt };
  }

  /** The cached token while it is fresh; otherwise one request that every concurrent caller shares. */
  function accessToken(): Promise<AccessToken> {
    if (cached && clock() < cached.renewAt) return Promise.resolve(cached);
    pending ??= fetchToken()
      .then((token) => (cached = token))
      .finally(() => (pending = null));
    return pending;
  }

  async function post(token: AccessToken, body: Record<string, unknown>): Promise<SendAnswer> {
    const url = `${apiBase}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token.value)}`;
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const parsed = sendAnswer.safeParse(await call(url, init, 'customer-service API'));
    if (!parsed.success) throw new DeliveryFailure('wechat:malformed', "WeChat's customer-service API answered without an errcode", true);
    return parsed.data;
  }

  return {
    channel: 'wechat',
    async send(address: ChannelAddress, message: OutboundMessage) {
      const body = customServiceMessage(address.externalId, message);
      let token = await accessToken();
      let answer = await post(token, body);
      if (STALE_TOKEN_CODES.has(answer.errcode)) {
        // Only forget the token this call used: a concurrent call may have renewed it already.
        if (cached === token) cached = null;
        token = await accessToken();
        answer = await post(token, body);
      }
      if (answer.errcode === 0) return { providerMessageId: answer.msgid === undefined ? null : String(answer.msgid) };
      throw sendRefusal(answer.errcode, answer.errmsg ?? '');
    },
  };
}

/** What an errcode from `message/custom/send` means for the delivery. */
export function sendRefusal(errcode: number, errmsg: string): DeliveryFailure {
  const code = `wechat:${errcode}`;
  switch (errcode) {
    case 45015:
      return new DeliveryFailure(code, 'the customer has not written for 48 hours; WeChat lets the account answer only within 48 hours of their last message', false);
    case 45047:
      return new DeliveryFailure(code, 'WeChat allows only a few messages in a row until the customer writes again', false);
    case 43004:
      return new DeliveryFailure(code, 'the customer no longer follows the account', false);
    case 40003:
      return new DeliveryFailure(code, 'WeChat does not know this customer (their OpenID is not one of this account)', false);
    case 40001:
    case 40014:
    case 42001:
      return new DeliveryFailure(code, "WeChat refused Baton's access token twice in a row", true);
    case -1:
      return new DeliveryFailure(code, 'WeChat is busy', true);
    case 45009:
      return new DeliveryFailure(code, "the account has reached WeChat's rate limit for the customer-service API", true, 60);
    default:
      return new DeliveryFailure(code, `WeChat refused the message${errmsg ? ` (${errmsg})` : ''}`, false);
  }
}

/** What an errcode from `cgi-bin/token` means: busy is worth retrying, wrong credentials are not. */
function tokenRefusal(errcode: number, errmsg: string): DeliveryFailure {
  const code = `wechat:${errcode}`;
  if (errcode === -1) return new DeliveryFailure(code, 'WeChat is busy and issued no access token', true);
  if (errcode === 45009) return new DeliveryFailure(code, "the account has reached WeChat's daily limit for access tokens", true, 60);
  const hint = errmsg ? ` (${errmsg})` : '';
  return new DeliveryFailure(code, `WeChat refused to issue an access token${hint}: check the AppID, the AppSecret and the IP allowlist`, false);
}
