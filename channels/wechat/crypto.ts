import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * WeChat's safe-mode message encryption (WXBizMsgCrypt): AES-256-CBC with the key decoded from the
 * 43-character EncodingAESKey and its first 16 bytes as the IV. The plaintext is 16 random bytes,
 * the message's length (4 bytes, big-endian), the message, then the AppID, PKCS#7-padded to a
 * multiple of 32 bytes: WeChat's block, not AES's 16, so Node's own padding is switched off.
 */

const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The configured EncodingAESKey is not one WeChat issues: a configuration mistake, found at startup. */
export class InvalidWechatAesKey extends Error {
  readonly code = 'InvalidWechatAesKey';
}

/** What a ciphertext can be wrong with; each is the sender's fault, so an HTTP 400, never a 500. */
export type UndecryptableProblem = 'base64' | 'length' | 'padding' | 'frame' | 'appid';

/** A ciphertext that does not open with this key to a message for this AppID. */
export class UndecryptableWechatMessage extends Error {
  readonly code = 'UndecryptableWechatMessage';

  constructor(
    readonly problem: UndecryptableProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The 32-byte AES key an EncodingAESKey (43 characters of a–z, A–Z, 0–9) stands for. */
export function wechatAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new InvalidWechatAesKey('the EncodingAESKey must be 43 letters and digits, as the WeChat console shows it');
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** Encrypts `plaintext` for WeChat; `random16` is injectable so known-answer tests can pin it. */
export function encryptWechat(
  encodingAesKey: string,
  plaintext: string,
  appId: string,
  random16: Buffer = randomBytes(RANDOM_BYTES),
): string {
  if (random16.length !== RANDOM_BYTES) throw new RangeError(`the random prefix must be ${RANDOM_BYTES} bytes`);
  const key = wechatAesKey(encodingAesKey);
  const message = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(message.length, 0);
  const framed = Buffer.concat([random16, length, message, Buffer.from(appId, 'utf8')]);
  const padLength = PAD_BLOCK - (framed.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([framed, Buffer.alloc(padLength, padLength)]);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * Opens an `<Encrypt>` value and checks it was meant for `expectedAppId`; throws
 * `UndecryptableWechatMessage` for anything malformed and nothing else for any ciphertext.
 */
export function decryptWechat(encodingAesKey: string, encrypted: string, expectedAppId: string): string {
  const key = wechatAesKey(encodingAesKey);
  if (!BASE64.test(encrypted)) throw new UndecryptableWechatMessage('base64', 'the encrypted message is not base64');
  const ciphertext = Buffer.from(encrypted, 'base64');
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new UndecryptableWechatMessage('length', 'the encrypted message is not a whole number of AES blocks');
  }

  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const framed = unpad(padded);

  if (framed.length < RANDOM_BYTES + LENGTH_BYTES) {
    throw new UndecryptableWechatMessage('frame', 'the decrypted message is too short to hold its length');
  }
  const messageLength = framed.readUInt32BE(RANDOM_BYTES);
  const messageEnd = RANDOM_BYTES + LENGTH_BYTES + messageLength;
  if (messageEnd > framed.length) {
    throw new UndecryptableWechatMessage('frame', 'the decrypted message is shorter than the length it declares');
  }
  const appId = framed.subarray(messageEnd);
  if (!appId.equals(Buffer.from(expectedAppId, 'utf8'))) {
    throw new UndecryptableWechatMessage('appid', 'the message was encrypted for another AppID');
  }
  try {
    return utf8.decode(framed.subarray(RANDOM_BYTES + LENGTH_BYTES, messageEnd));
  } catch {
    throw new UndecryptableWechatMessage('frame', 'the decrypted message is not UTF-8');
  }
}

/** Strips WeChat's PKCS#7 padding (1–32 bytes, each holding the count), or refuses a wrong one. */
function unpad(padded: Buffer): Buffer {
  const padLength = padded[padded.length - 1] ?? 0;
  const valid =
    padLength >= 1 &&
    padLength <= PAD_BLOCK &&
    padLength <= padded.length &&
    padded.subarray(padded.length - padLength).every((byte) => byte === padLength);
  if (!valid) throw new UndecryptableWechatMessage('padding', 'the decrypted message is not padded as WeChat pads');
  return padded.subarray(0, padded.length - padLength);
}
