import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey } from '../config/codec-keys';

/**
 * Customer data never reaches Temporal in clear: every payload the API's client and the worker send
 * (workflow and activity inputs and results, signals, updates, queries, memos) is sealed whole —
 * its data and its metadata — with AES-256-GCM under the first of BATON_CODEC_KEYS. The key's id
 * rides along in the metadata, so a rotated-out key still opens what it sealed. A payload that is
 * not `binary/encrypted` (histories from before, the replay fixtures) passes through as it is.
 * Search attributes are not payloads the codec sees: they must never hold customer data.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** Failure types: the payload's key is not configured here; or it is, and the payload does not open with it. */
export const UNKNOWN_ENCRYPTION_KEY = 'UnknownEncryptionKey';
export const UNDECRYPTABLE_PAYLOAD = 'UndecryptablePayload';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const { Payload: PayloadMessage } = temporal.api.common.v1;

/** The key id is authenticated with the ciphertext, so a payload cannot be relabelled to another key. */
const associatedData = (keyId: string) => Buffer.from(`baton-codec-v1:${keyId}`);

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export const isEncrypted = (payload: Payload) => text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;

export function encryptionCodec(keys: readonly CodecKey[]): PayloadCodec {
  const [current] = keys;
  if (!current) throw new Error('the payload codec needs at least one key (BATON_CODEC_KEYS)');
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]));

  const seal = (payload: Payload): Payload => {
    if (isEncrypted(payload)) return payload;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv).setAAD(associatedData(current.id));
    const sealed = Buffer.concat([iv, cipher.update(PayloadMessage.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(current.id) },
      data: sealed,
    };
  };

  const open = (payload: Payload): Payload => {
    if (!isEncrypted(payload)) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = byId.get(keyId);
    if (!key) {
      throw ApplicationFailure.nonRetryable(
        `a payload is encrypted with key "${keyId}", which BATON_CODEC_KEYS does not hold (it holds ${[...byId.keys()].map((id) => `"${id}"`).join(', ')})`,
        UNKNOWN_ENCRYPTION_KEY,
        { keyId },
      );
    }
    const sealed = Buffer.from(payload.data ?? []);
    try {
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(associatedData(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      const inner = PayloadMessage.decode(plain);
      return { metadata: inner.metadata, data: inner.data };
    } catch (cause) {
      throw ApplicationFailure.create({
        message: `a payload encrypted with key "${keyId}" does not decrypt: it was altered, or the key under that id is not the one that sealed it`,
        type: UNDECRYPTABLE_PAYLOAD,
        nonRetryable: true,
        details: [{ keyId }],
        cause: cause instanceof Error ? cause : undefined,
      });
    }
  };

  return {
    encode: async (payloads) => payloads.map(seal),
    decode: async (payloads) => payloads.map(open),
  };
}

/** What every Client and Worker of Baton's is given: the codec, after the default payload converter. */
export const encryptedDataConverter = (codec: PayloadCodec): DataConverter => ({ payloadCodecs: [codec] });
