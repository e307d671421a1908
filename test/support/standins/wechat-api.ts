import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * WeChat's API on a local port, as much of it as Baton calls: `cgi-bin/token` and
 * `cgi-bin/message/custom/send`. It checks the AppID and AppSecret, issues tokens and refuses stale
 * ones with WeChat's errcodes, records every request, and fails on demand.
 */

export interface RecordedWechatRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The JSON body, parsed; null when there was none. */
  body: unknown;
}

/** How the next sends fail: with a WeChat errcode (HTTP 200), an HTTP status, or by never answering. */
export type WechatFailure = { errcode: number; errmsg?: string } | { status: number } | { stall: true };

export interface WechatStandIn {
  url: string;
  appId: string;
  appSecret: string;
  /** Every request, in order. */
  requests: RecordedWechatRequest[];
  /** The bodies of the customer-service messages WeChat accepted. */
  sent: Array<Record<string, unknown>>;
  readonly tokenRequests: number;
  /** The next `count` sends fail this way (before the token is even checked). */
  failNext(count: number, failure: WechatFailure): void;
  /** The next `count` token requests fail this way. */
  failNextToken(count: number, failure: WechatFailure): void;
  /** The `expires_in` of the tokens issued from now on (WeChat's is 7200). */
  issueTokensFor(seconds: number): void;
  /** Makes every token issued so far stale, as WeChat does when another server asks for a new one. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startWechatStandIn(
  credentials: { appId?: string; appSecret?: string } = {},
): Promise<WechatStandIn> {
  const appId = credentials.appId ?? 'wx0000000000standin';
  const appSecret = credentials.appSecret ?? `secret-${randomBytes(8).toString('hex')}`;
  const requests: RecordedWechatRequest[] = [];
  const sent: Array<Record<string, unknown>> = [];
  const tokens = new Map<string, number>(); // token → expiry (ms since the epoch)
  const sendFailures: WechatFailure[] = [];
  const tokenFailures: WechatFailure[] = [];
  let tokenRequests = 0;
  let tokenLifetimeSeconds = 7200;

  const answer = (res: ServerResponse, body: unknown, status = 200) =>
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

  /** Plays a queued failure; true when it answered (or stalled) the request. */
  const failed = (queue: WechatFailure[], res: ServerResponse): boolean => {
    const failure = queue.shift();
    if (!failure) return false;
    if ('stall' in failure) return true;
    if ('status' in failure) answer(res, { errcode: -1, errmsg: 'system error' }, failure.status);
    else answer(res, { errcode: failure.errcode, errmsg: failure.errmsg ?? `errcode ${failure.errcode}` });
    return true;
  };

  const issueToken = (query: Record<string, string>, res: ServerResponse) => {
    tokenRequests += 1;
    if (failed(tokenFailures, res)) return;
    if (query.grant_type !== 'client_credential') return answer(res, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (query.appid !== appId) return answer(res, { errcode: 40013, errmsg: 'invalid appid' });
    if (query.secret !== appSecret) return answer(res, { errcode: 40125, errmsg: 'invalid appsecret' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + tokenLifetimeSeconds * 1000);
    answer(res, { access_token: token, expires_in: tokenLifetimeSeconds });
  };

  const takeMessage = (query: Record<string, string>, body: unknown, res: ServerResponse) => {
    if (failed(sendFailures, res)) return;
    const expiresAt = tokens.get(query.access_token ?? '');
    if (expiresAt === undefined) return answer(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    if (expiresAt <= Date.now()) return answer(res, { errcode: 42001, errmsg: 'access_token expired' });
    if (body === null || typeof body !== 'object') return answer(res, { errcode: 47001, errmsg: 'data format error' });
    sent.push(body as Record<string, unknown>);
    answer(res, { errcode: 0, errmsg: 'ok' });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const query = Object.fromEntries(url.searchParams);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body });
      if (req.method === 'GET' && url.pathname === '/cgi-bin/token') return issueToken(query, res);
      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/custom/send') return takeMessage(query, body, res);
      answer(res, { errcode: 404, errmsg: 'not found' }, 404);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    appId,
    appSecret,
    requests,
    sent,
    get tokenRequests() {
      return tokenRequests;
    },
    failNext: (count, failure) => sendFailures.push(...Array.from({ length: count }, () => failure)),
    failNextToken: (count, failure) => tokenFailures.push(...Array.from({ length: count }, () => failure)),
    issueTokensFor: (seconds) => {
      tokenLifetimeSeconds = seconds;
    },
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
