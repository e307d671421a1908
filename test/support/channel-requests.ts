import { isUtf8 } from 'node:buffer';
import { createCipheriv } from 'node:crypto';
import { connect } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { signTwilioRequest, type TwilioParams } from '../../channels/voice/signature';
import { wechatAesKey } from '../../channels/wechat/crypto';
import { messageSignature, wechatSignature } from '../../channels/wechat/signature';

/**
 * Requests to the providers' webhooks as a hostile (or merely odd) provider would send them, signed
 * over exactly what the server will read, so that a request with hostile content gets past
 * authentication and reaches the parser; plus a raw socket for what fetch refuses to send.
 */

export interface ChannelRequest {
  /** What the request is meant to exercise, for the report. */
  label: string;
  method: string;
  /** Path and query as given to fetch (it may normalise them; see `sentTarget`). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** When set, these bytes are the whole request, written to a socket as they are. */
  raw?: Buffer;
  /** For the WeChat account in plain mode, a stack of its own. */
  toPlainStack?: boolean;
}

export interface ChannelAnswer {
  /** The HTTP status; HUNG when nothing came back in time, NO_ANSWER when the connection closed without a status line. */
  status: number;
  text: string;
  ms: number;
}

export const HUNG = -1;
export const NO_ANSWER = 0;

/** The request-target fetch puts on the wire for `path`: what Express's `req.originalUrl` will be. */
export function sentTarget(path: string): string {
  const url = new URL(path, 'http://127.0.0.1');
  return `${url.pathname}${url.search}`;
}

export async function sendChannelRequest(baseUrl: string, request: ChannelRequest, timeoutMs: number): Promise<ChannelAnswer> {
  const started = Date.now();
  if (request.raw) return sendRaw(baseUrl, request.raw, timeoutMs);
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers ?? {},
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, text, ms: Date.now() - started };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { status: HUNG, text: `no answer within ${timeoutMs} ms`, ms: Date.now() - started };
    throw new Error(`fetch could not send ${describeRequest(request)}: ${String(error)}`);
  }
}

/** Writes `bytes` to a fresh connection and reads the status line of whatever comes back. */
export function sendRaw(baseUrl: string, bytes: Buffer, timeoutMs: number): Promise<ChannelAnswer> {
  const started = Date.now();
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    let done = false;
    const finish = (answer: ChannelAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ status: HUNG, text: `no answer within ${timeoutMs} ms`, ms: Date.now() - started }), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the server's 400 still leaves its answer in `chunks`.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      finish({ status: status ? Number(status) : NO_ANSWER, text: text.slice(0, 2000), ms: Date.now() - started });
    });
    socket.end(bytes);
  });
}

/** One HTTP/1.1 request as bytes: the target and header values may hold any byte. */
export function rawHttpRequest(method: string, target: string | Buffer, headers: Array<[string, string | Buffer]>, body: Buffer = Buffer.alloc(0)): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} `, 'latin1'), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n', 'latin1')];
  for (const [name, value] of headers) lines.push(Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'), Buffer.from('\r\n', 'latin1'));
  if (body.length > 0 && !headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`, 'latin1'));
  lines.push(Buffer.from('\r\n', 'latin1'), body);
  return Buffer.concat(lines);
}

/** The request, readable in a report: NULs, lone surrogates and bytes that are not UTF-8 shown as escapes. */
export function describeRequest(request: ChannelRequest, limit = 600): string {
  if (request.raw) return `[${request.label}] raw bytes ${JSON.stringify(request.raw.subarray(0, limit).toString('latin1'))}${request.raw.length > limit ? ` …(${request.raw.length} bytes)` : ''}`;
  const body = request.body === undefined ? null : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const text = typeof request.body === 'string' ? request.body : null;
  let shown = 'no body';
  if (text !== null) shown = `${JSON.stringify(text.slice(0, limit))}${text.length > limit ? ` …(${text.length} chars)` : ''}`;
  else if (body && isUtf8(body)) shown = `${JSON.stringify(body.toString('utf8').slice(0, limit))}${body.length > limit ? ` …(${body.length} bytes)` : ''}`;
  else if (body) shown = `hex:${body.subarray(0, 120).toString('hex')}${body.length > 120 ? ` …(${body.length} bytes)` : ''}`;
  const path = request.path.length > limit ? `${request.path.slice(0, limit)} …(${request.path.length} chars)` : request.path;
  return `[${request.label}]${request.toPlainStack ? ' (plain-mode stack)' : ''} ${request.method} ${JSON.stringify(path)} headers=${JSON.stringify(request.headers ?? {})} body=${shown}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What a string becomes on the wire as UTF-8: each lone surrogate a U+FFFD. */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\ufffd');

/** A query or form component from any string; a lone surrogate (which no UTF-8 can encode) becomes its three bytes, escaped, as a sloppy encoder writes it. */
export function queryComponent(text: string): string {
  return text
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((piece, index) => {
      if (index % 2 === 0) return encodeURIComponent(piece);
      const unit = piece.charCodeAt(0);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    })
    .join('');
}

/** `querystring.parse` (Express's query parser) of what fetch sends: one value per name, '' for an array, as the routes read it. */
function queryAsServerSees(rawQuery: string): (name: string) => string {
  const parsed = parseQuery(sentTarget(`/?${rawQuery}`).slice(2));
  return (name) => {
    const value = parsed[name];
    return typeof value === 'string' ? value : '';
  };
}

/**
 * A WeChat server-URL query: `rawQuery` as given (already escaped, hostile escapes left as they
 * are), then `signature` over the timestamp and nonce as the server will decode them, and in safe
 * mode `msg_signature` over the ciphertext too.
 */
export function signedWechatQuery(token: string, rawQuery: string, encrypted?: string): string {
  const read = queryAsServerSees(rawQuery);
  const signature = wechatSignature(token, read('timestamp'), read('nonce'));
  const msgSignature = encrypted === undefined ? '' : `&msg_signature=${messageSignature(token, read('timestamp'), read('nonce'), wellFormed(encrypted))}`;
  return `${rawQuery}${rawQuery ? '&' : ''}signature=${signature}${msgSignature}`;
}

/**
 * A form body as body-parser's urlencoded parser (qs, depth 0) reads it: `+` is a space, a
 * malformed escape stays as written, a repeated name is an array.
 */
export function formAsServerSees(body: string): TwilioParams {
  const decode = (text: string) => {
    const spaced = text.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(spaced);
    } catch {
      return spaced;
    }
  };
  const params: TwilioParams = {};
  for (const part of body.split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    const key = decode(at < 0 ? part : part.slice(0, at));
    const value = decode(at < 0 ? '' : part.slice(at + 1));
    if (!key) continue;
    if (!Object.hasOwn(params, key)) params[key] = value;
    else {
      const prior = params[key]!;
      params[key] = [...(Array.isArray(prior) ? prior : [prior]), value];
    }
  }
  return params;
}

/** `X-Twilio-Signature` for a request to `path` (as fetch will send it) whose body the server reads as `params`. */
export function twilioSignature(authToken: string, publicUrl: string, path: string, params: TwilioParams): string {
  return signTwilioRequest(authToken, `${publicUrl}${sentTarget(path)}`, params);
}

/**
 * An `<Encrypt>` value around any plaintext bytes, with WeChat's 32-byte PKCS#7 padding (or none):
 * for frames `encryptWechat` would never write (a wrong length, another AppID, bytes that are not UTF-8).
 */
export function encryptWechatFrame(encodingAesKey: string, frame: Buffer, { pad = true }: { pad?: boolean } = {}): string {
  const key = wechatAesKey(encodingAesKey);
  const padLength = 32 - (frame.length % 32);
  const padded = pad ? Buffer.concat([frame, Buffer.alloc(padLength, padLength)]) : Buffer.concat([frame, Buffer.alloc((16 - (frame.length % 16)) % 16)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}
