import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat signs what it sends to the account's server URL with the token configured on both sides:
 * the SHA-1 of the parts sorted as strings and joined. Plain mode signs the query alone
 * (`signature`); safe mode also signs the encrypted body (`msg_signature`).
 */

const sortedSha1 = (parts: string[]): string =>
  createHash('sha1').update([...parts].sort().join(''), 'utf8').digest('hex');

/** The `signature` of the server-URL check (GET with `echostr`) and of every plain-mode push. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return sortedSha1([token, timestamp, nonce]);
}

/** The safe-mode `msg_signature`, over the query and the `<Encrypt>` value. */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return sortedSha1([token, timestamp, nonce, encrypted]);
}

/** Whether `given` is the signature WeChat would send; in constant time, so it leaks nothing about the right one. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyWechatSignature(token: string, timestamp: string, nonce: string, signature: string): boolean {
  return signaturesMatch(wechatSignature(token, timestamp, nonce), signature);
}

export function verifyMessageSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  msgSignature: string,
): boolean {
  return signaturesMatch(messageSignature(token, timestamp, nonce, encrypted), msgSignature);
}
