import type { PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type Payload = temporal.api.common.v1.IPayload;

/** A Payload message by its shape: the proto module's types are reflection objects, not classes to test with instanceof. */
const isPayload = (value: object): value is Payload =>
  'metadata' in value && 'data' in value && typeof value.metadata === 'object' && (value.data === null || ArrayBuffer.isView(value.data));

/** Every Payload message anywhere in a proto object (a history, an event, a describe response), with the path it sits at. */
export function payloadsIn(root: unknown): Array<{ path: string; payload: Payload }> {
  const found: Array<{ path: string; payload: Payload }> = [];
  const visit = (value: unknown, at: string) => {
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    if (isPayload(value)) {
      found.push({ path: at, payload: value });
      return;
    }
    for (const [key, child] of Object.entries(value)) visit(child, `${at}.${key}`);
  };
  visit(root, '$');
  return found;
}

/** Runs every payload of a history (in place) through the codec's decode, as the Temporal UI does through the codec endpoint. */
export async function decodeHistoryPayloads<T>(history: T, codec: PayloadCodec): Promise<T> {
  for (const { payload } of payloadsIn(history)) {
    const [decoded] = await codec.decode([payload]);
    payload.metadata = decoded!.metadata ?? {};
    payload.data = decoded!.data ?? new Uint8Array();
  }
  return history;
}
