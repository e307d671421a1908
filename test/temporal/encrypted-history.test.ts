import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { parseCodecKeys } from '../../config/codec-keys';
import { ENCRYPTED_ENCODING, encryptedDataConverter, encryptionCodec, UNKNOWN_ENCRYPTION_KEY } from '../../temporal/codec';
import { conversationViewQuery, conversationWorkflowId } from '../../workflows/definitions';
import { startTestApi, type TestApi } from '../support/api';
import { decodeHistoryPayloads, payloadsIn } from '../support/history-payloads';
import { PATIENT_POLICY } from '../support/policies';
import { testCodecKeys } from '../support/temporal';
import { testEnv } from '../support/test-env';

/**
 * Issue #15, point 4: someone who can open the Temporal UI (or read its database) must not read
 * what customers wrote or who they are. The history is read raw from the server, with no codec.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ worker: { triggerPolicy: PATIENT_POLICY } });
});
afterAll(() => api.stop());

const secretWord = `XYZZY${randomBytes(3).toString('hex').toUpperCase()}`;
const customer = { id: `cust-${randomUUID()}`, name: `Zebulon Quixote-${secretWord}`, phone: '+86 139 4321 8765', email: `zq-${secretWord.toLowerCase()}@example.com`, locale: 'en' };
// Customers write who they are into their messages: the name and number travel through Temporal in these.
const messages = [`This is ${customer.name}, call me on ${customer.phone}: my parcel ${secretWord} never came, where is my order?`, 'human agent please'];
const sensitive = [secretWord, customer.name, customer.email, customer.phone, ...messages];

async function rawHistory(workflowId: string): Promise<proto.api.history.v1.IHistory> {
  const { connection } = api.temporal.client;
  const events: proto.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

const bytesOfPayloads = (root: unknown) =>
  payloadsIn(root).map(({ path, payload }) => ({
    path,
    bytes: Buffer.concat([Buffer.from(payload.data ?? []), ...Object.values(payload.metadata ?? {}).map((value) => Buffer.from(value))]),
  }));
const leaks = (root: unknown) =>
  bytesOfPayloads(root).flatMap(({ path, bytes }) => sensitive.filter((text) => bytes.includes(Buffer.from(text, 'utf8'))).map((text) => `${text} at ${path}`));

describe('a conversation in the workflow history', () => {
  let workflowId: string;

  beforeAll(async () => {
    const created = await api.call('POST', '/v1/conversations', { body: { customer, channel: 'web' } });
    expect(created.status).toBe(201);
    workflowId = conversationWorkflowId(created.body.id as string);
    for (const text of messages) expect((await api.call('POST', `/v1/conversations/${created.body.id}/messages`, { body: { text } })).status).toBe(200);
    const view = await api.temporal.client.workflow.getHandle(workflowId).query(conversationViewQuery);
    expect(view.state).toBe('queued');
  });

  it('holds no customer text, name, e-mail or phone number in any payload, read raw from the server', async () => {
    const history = await rawHistory(workflowId);
    expect(history.events!.length).toBeGreaterThan(10);
    expect(leaks(history)).toEqual([]);
    // Not by luck: the payloads are there, sealed, and the history as a whole carries none of it either.
    const encrypted = payloadsIn(history).filter(({ payload }) => Buffer.from(payload.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING);
    expect(encrypted.length).toBeGreaterThan(5);
    const whole = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    expect(sensitive.filter((text) => whole.includes(Buffer.from(text, 'utf8')))).toEqual([]);
  });

  it("does hold the customer's words, name and number once decoded with the key (so the check above can see a leak)", async () => {
    const codec = encryptionCodec(parseCodecKeys(testCodecKeys()));
    const decoded = await decodeHistoryPayloads(await rawHistory(workflowId), codec);
    const found = new Set(bytesOfPayloads(decoded).flatMap(({ bytes }) => sensitive.filter((text) => bytes.includes(Buffer.from(text, 'utf8')))));
    for (const text of [secretWord, customer.name, customer.phone, ...messages]) expect(found).toContain(text);
    // The record's contact details stay out of the history by design (activities/customer-profile.ts), encrypted or not.
    expect(found).not.toContain(customer.email);
  });

  it('keeps customer data out of the search attributes, which the codec does not cover', async () => {
    const description = await api.temporal.client.connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    const fields = description.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['HandoffState', 'HandoffChannel', 'EscalationTrigger']));
    const values = JSON.stringify(Object.fromEntries(Object.entries(fields).map(([name, payload]) => [name, defaultPayloadConverter.fromPayload(payload)])));
    expect(values).toContain('queued');
    expect(sensitive.filter((text) => values.includes(text))).toEqual([]);
    expect(leaks(description)).toEqual([]);
  });

  it('replays with the key, and not without it', async () => {
    const history = await api.temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const workflowBundle = { codePath: testEnv('workflowBundle') };
    await Worker.runReplayHistory({ workflowBundle, dataConverter: encryptedDataConverter(encryptionCodec(parseCodecKeys(testCodecKeys()))) }, history, 'encrypted-with-key');
    await expect(Worker.runReplayHistory({ workflowBundle }, history, 'encrypted-without-key')).rejects.toThrow();
  });

  it('is refused, naming the key id, by a client whose keys do not include the one that sealed it', async () => {
    const stranger = new Client({
      connection: api.temporal.client.connection,
      dataConverter: encryptedDataConverter(encryptionCodec([{ id: 'someone-else', key: randomBytes(32) }])),
    });
    const refused = await stranger.workflow.getHandle(workflowId).query(conversationViewQuery).then(() => null, (error: unknown) => error);
    expect(refused).toMatchObject({ type: UNKNOWN_ENCRYPTION_KEY, nonRetryable: true });
    expect(String((refused as Error).message)).toContain('"test-run"');
  });
});
