/**
 * BATON_CODEC_KEYS: the keys that encrypt what Baton sends through Temporal (temporal/codec.ts),
 * written `id:<base64 of 32 bytes>`, comma-separated. The first encrypts; every one decrypts, so a
 * key is rotated by putting a new one first and keeping the old ones behind it until no history
 * still needs them. A problem is named by key id and position, never by key material.
 */
export interface CodecKey {
  /** Stored in each payload's `encryption-key-id` metadata, so a reader knows which key to use. */
  id: string;
  /** 32 bytes: an AES-256 key. */
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

export class CodecKeysError extends Error {}

/** The keys, first the one that encrypts; throws a CodecKeysError naming the entry that is wrong. */
export function parseCodecKeys(text: string): CodecKey[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new CodecKeysError('no key: write `id:<base64 of 32 bytes>`, comma-separated');
  const keys: CodecKey[] = [];
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator).trim();
    const material = separator < 0 ? '' : entry.slice(separator + 1).trim();
    const where = `entry ${index + 1}${KEY_ID.test(id) ? ` (key id "${id}")` : ''}`;
    if (!KEY_ID.test(id)) throw new CodecKeysError(`${where}: must be \`id:<base64 of 32 bytes>\`, the id 1–64 of A–Z, a–z, 0–9, ., _ and -`);
    if (keys.some((known) => known.id === id)) throw new CodecKeysError(`${where}: the key id is given twice`);
    const key = BASE64.test(material) ? Buffer.from(material, material.includes('-') || material.includes('_') ? 'base64url' : 'base64') : null;
    if (!key || key.length !== 32) throw new CodecKeysError(`${where}: the key must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
    keys.push({ id, key });
  });
  return keys;
}

/** The text of one entry, as BATON_CODEC_KEYS takes it. */
export const formatCodecKey = ({ id, key }: CodecKey): string => `${id}:${key.toString('base64')}`;
