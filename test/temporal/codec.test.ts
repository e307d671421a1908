import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { formatCodecKey, parseCodecKeys, type CodecKey } from '../../config/codec-keys';
import { loadConfig } from '../../config/env';
import { ENCRYPTED_ENCODING, encryptedDataConverter, encryptionCodec, KEY_ID_METADATA, UNDECRYPTABLE_PAYLOAD, UNKNOWN_ENCRYPTION_KEY } from '../../temporal/codec';
import { payloadsIn } from '../support/history-payloads';
import { testEnv } from '../support/test-env';

const key = (id: string): CodecKey => ({ id, key: randomBytes(32) });
const metadataText = (payload: Payload, name: string) => Buffer.from(payload.metadata?.[name] ?? []).toString('utf8');
const customerMessage = { text: 'My name is Zebulon Quixote, call me on +86 139 1234 5678', orderId: 'A-77' };

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

describe('the payload codec', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('seals a payload under the first key, naming it, and opens it back to the same payload', async () => {
    const codec = encryptionCodec([k1]);
    const plain = defaultPayloadConverter.toPayload(customerMessage);
    const [sealed] = await codec.encode([plain]);
    expect(metadataText(sealed!, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(metadataText(sealed!, KEY_ID_METADATA)).toBe('k1');
    // Nothing of the message, nor its original encoding, is readable in what Temporal stores.
    const stored = Buffer.concat([Buffer.from(sealed!.data!), ...Object.values(sealed!.metadata!).map((value) => Buffer.from(value))]);
    expect(stored.includes('Zebulon')).toBe(false);
    expect(stored.includes('json/plain')).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(customerMessage);
    expect(metadataText(opened!, 'encoding')).toBe('json/plain');
  });

  it('seals the same payload differently each time (a fresh IV)', async () => {
    const codec = encryptionCodec([k1]);
    const plain = defaultPayloadConverter.toPayload(customerMessage);
    const [first, second] = await codec.encode([plain, plain]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  it('after a rotation, seals under the new key and still opens what the old key sealed', async () => {
    const [sealedByOld] = await encryptionCodec([k1]).encode([defaultPayloadConverter.toPayload(customerMessage)]);
    const rotated = encryptionCodec([k2, k1]);
    const [sealedByNew] = await rotated.encode([defaultPayloadConverter.toPayload(customerMessage)]);
    expect(metadataText(sealedByNew!, KEY_ID_METADATA)).toBe('k2');
    const opened = await rotated.decode([sealedByOld!, sealedByNew!]);
    expect(opened.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([customerMessage, customerMessage]);
  });

  it('passes through payloads that are not encrypted, and does not seal a sealed one twice', async () => {
    const codec = encryptionCodec([k1]);
    const plain = defaultPayloadConverter.toPayload('written before the codec');
    expect(await codec.decode([plain])).toEqual([plain]);
    const [sealed] = await codec.encode([plain]);
    expect(await codec.encode([sealed!])).toEqual([sealed]);
  });

  it('refuses a payload whose key it does not hold, non-retryably, naming the key id', async () => {
    const [sealed] = await encryptionCodec([k2]).encode([defaultPayloadConverter.toPayload(customerMessage)]);
    const failure = await failureOf(encryptionCodec([k1]).decode([sealed!]));
    expect(failure).toMatchObject({ type: UNKNOWN_ENCRYPTION_KEY, nonRetryable: true });
    expect(failure.message).toContain('"k2"');
    expect(failure.message).not.toContain(k1.key.toString('base64'));
  });

  it('detects tampering: a changed byte, a relabelled key id, or another key under the same id', async () => {
    const codec = encryptionCodec([k1, k2]);
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(customerMessage)]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[flipped.length - 20]! ^= 0x01;
    const tampered = { metadata: sealed!.metadata, data: flipped };
    const relabelled = { metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') }, data: sealed!.data };
    const truncated = { metadata: sealed!.metadata, data: Buffer.from(sealed!.data!).subarray(0, 10) };
    for (const payload of [tampered, relabelled, truncated]) {
      const failure = await failureOf(codec.decode([payload]));
      expect(failure).toMatchObject({ type: UNDECRYPTABLE_PAYLOAD, nonRetryable: true });
    }
    const impostor = encryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
    expect((await failureOf(impostor.decode([sealed!]))).message).toContain('"k1"');
  });
});

describe('BATON_CODEC_KEYS', () => {
  const material = randomBytes(32);

  it('reads `id:<base64>` entries, the first the one that encrypts', () => {
    const text = `k2:${material.toString('base64')}, k1:${material.toString('base64url')}`;
    expect(parseCodecKeys(text)).toEqual([{ id: 'k2', key: material }, { id: 'k1', key: material }]);
    expect(loadConfig({}, { BATON_CODEC_KEYS: text }).codecKeys?.map((entry) => entry.id)).toEqual(['k2', 'k1']);
    expect(parseCodecKeys(formatCodecKey({ id: 'x', key: material }))).toEqual([{ id: 'x', key: material }]);
  });

  it('refuses a malformed value, naming the entry and never the key material', () => {
    const good = `k1:${material.toString('base64')}`;
    expect(() => loadConfig({}, { BATON_CODEC_KEYS: 'no-colon' })).toThrow(/codecKeys \(BATON_CODEC_KEYS\): entry 1: must be `id:<base64 of 32 bytes>`/);
    expect(() => loadConfig({}, { BATON_CODEC_KEYS: `${good},k2:${randomBytes(16).toString('base64')}` })).toThrow(/entry 2 \(key id "k2"\): the key must be 32 bytes/);
    expect(() => loadConfig({}, { BATON_CODEC_KEYS: `${good},${good}` })).toThrow(/entry 2 \(key id "k1"\): the key id is given twice/);
    expect(() => loadConfig({}, { BATON_CODEC_KEYS: `k1:not*base64` })).toThrow(/the key must be 32 bytes in base64/);
    try {
      loadConfig({}, { BATON_CODEC_KEYS: `${good},${good}` });
    } catch (error) {
      expect(String(error)).not.toContain(material.toString('base64'));
    }
  });

  it("is the only origin list the codec endpoint answers, by default the embedded dev UI's", () => {
    expect(loadConfig({}, {}).temporalUiOrigins).toBeUndefined();
    expect(loadConfig({}, { BATON_TEMPORAL_UI_ORIGINS: 'https://temporal.example.com, http://localhost:8080' }).temporalUiOrigins).toEqual([
      'https://temporal.example.com',
      'http://localhost:8080',
    ]);
    expect(() => loadConfig({}, { BATON_TEMPORAL_UI_ORIGINS: 'https://temporal.example.com/ui' })).toThrow(/temporalUiOrigins \(BATON_TEMPORAL_UI_ORIGINS\)/);
  });
});

describe('histories recorded before the codec', () => {
  it('replay on a worker that has it: their plain payloads pass through', async () => {
    const file = path.join(__dirname, '../workflows/histories/taken-over-from-the-bot.json');
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    // The fixture really is in clear (so this replay exercises the passthrough, not decryption).
    const payloads = payloadsIn(history);
    expect(payloads.length).toBeGreaterThan(5);
    expect(payloads.some(({ payload }) => metadataText(payload, 'encoding') === ENCRYPTED_ENCODING)).toBe(false);
    const dataConverter = encryptedDataConverter(encryptionCodec([key('k1')]));
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv('workflowBundle') }, dataConverter }, history, 'replay-with-codec');
  });
});
