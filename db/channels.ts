import type { Channel, Locale } from '../domain/conversation';
import type { Queryable } from './queryable';

/** A provider's user as Baton knows them: their customer record, and which of their conversations is open. */
export interface ChannelContact {
  channel: Channel;
  externalId: string;
  customerId: string;
  generation: number;
  /** The customer record's language, once anything set it. */
  locale: Locale | null;
}

/**
 * The contact for a provider's user, made on their first message along with their customer record
 * (`<channel>:<external id>`). A name or language the provider gives fills what the record lacks.
 */
export async function upsertContact(
  db: Queryable,
  { channel, externalId, name, locale, phone = null }: { channel: Channel; externalId: string; name: string | null; locale: Locale | null; phone?: string | null },
): Promise<ChannelContact> {
  const customerId = `${channel}:${externalId}`;
  const result = await db.query<{ customer_id: string; generation: number; locale: Locale | null }>(
    `with customer as (
       insert into customers (id, name, locale, phone) values ($3, $4, $5, $6)
       on conflict (id) do update set name = coalesce(customers.name, excluded.name), locale = coalesce(customers.locale, excluded.locale),
         phone = coalesce(customers.phone, excluded.phone)
       returning locale
     ), contact as (
       insert into channel_contacts (channel, external_id, customer_id) values ($1, $2, $3)
       on conflict (channel, external_id) do update set updated_at = now()
       returning customer_id, generation
     )
     select contact.customer_id, contact.generation, customer.locale from contact, customer`,
    [channel, externalId, customerId, name, locale, phone],
  );
  const row = result.rows[0]!;
  return { channel, externalId, customerId: row.customer_id, generation: row.generation, locale: row.locale };
}

/** The contact's conversation of `generation` is over: the next message opens the next one (once, however many race). */
export async function nextGeneration(db: Queryable, contact: ChannelContact): Promise<number> {
  const result = await db.query<{ generation: number }>(
    `update channel_contacts set generation = case when generation = $3 then generation + 1 else generation end, updated_at = now()
      where channel = $1 and external_id = $2
      returning generation`,
    [contact.channel, contact.externalId, contact.generation],
  );
  return result.rows[0]?.generation ?? contact.generation + 1;
}

/** Where a conversation's customer is on its channel: the provider's id for them, when it came through an adapter. */
export async function contactOfConversation(db: Queryable, conversationId: string): Promise<{ channel: Channel; externalId: string } | null> {
  const result = await db.query<{ channel: Channel; external_id: string }>(
    `select k.channel, k.external_id from conversations c
       join channel_contacts k on k.channel = c.channel and k.customer_id = c.customer_id
      where c.id = $1`,
    [conversationId],
  );
  const row = result.rows[0];
  return row ? { channel: row.channel, externalId: row.external_id } : null;
}

/** A provider message taken before (providers retry): the conversation and message it became, and whether the workflow has it. */
export async function findInbound(db: Queryable, channel: Channel, providerId: string): Promise<{ conversationId: string; messageId: string; handedOver: boolean } | null> {
  const result = await db.query<{ conversation_id: string; message_id: string; handed_over: boolean }>(
    'select conversation_id, message_id, handed_over_at is not null as handed_over from channel_inbound where channel = $1 and provider_id = $2',
    [channel, providerId],
  );
  const row = result.rows[0];
  return row ? { conversationId: row.conversation_id, messageId: row.message_id, handedOver: row.handed_over } : null;
}

/** Where a provider message was stored; a retry that had to store it in the next conversation points it there. */
export async function recordInbound(
  db: Queryable,
  { channel, providerId, conversationId, messageId }: { channel: Channel; providerId: string; conversationId: string; messageId: string },
): Promise<void> {
  await db.query(
    `insert into channel_inbound (channel, provider_id, conversation_id, message_id) values ($1, $2, $3, $4)
     on conflict (channel, provider_id) do update set conversation_id = excluded.conversation_id, message_id = excluded.message_id
       where channel_inbound.handed_over_at is null`,
    [channel, providerId, conversationId, messageId],
  );
}

/** The conversation's workflow has the message: a retry of the provider is answered without asking it again. */
export async function markHandedOver(db: Queryable, channel: Channel, providerId: string): Promise<void> {
  await db.query('update channel_inbound set handed_over_at = coalesce(handed_over_at, now()) where channel = $1 and provider_id = $2', [channel, providerId]);
}

/** A call, tied to its conversation when it starts; a retried webhook finds the same row. */
export async function startVoiceCall(db: Queryable, { callSid, conversationId, caller }: { callSid: string; conversationId: string; caller: string }): Promise<void> {
  await db.query(
    `insert into voice_calls (call_sid, conversation_id, caller) values ($1, $2, $3) on conflict (call_sid) do nothing`,
    [callSid, conversationId, caller],
  );
}

export async function voiceCall(db: Queryable, callSid: string): Promise<{ conversationId: string; caller: string; heardSeq: number } | null> {
  const result = await db.query<{ conversation_id: string; caller: string; heard_seq: string }>(
    'select conversation_id, caller, heard_seq from voice_calls where call_sid = $1',
    [callSid],
  );
  const row = result.rows[0];
  return row ? { conversationId: row.conversation_id, caller: row.caller, heardSeq: Number(row.heard_seq) } : null;
}

/** What Baton or an agent said since the caller last heard, oldest first, marked heard. */
export async function takeUnheard(db: Queryable, callSid: string): Promise<string[]> {
  const result = await db.query<{ text: string; seq: string }>(
    `with unheard as (
       select m.text, m.seq from voice_calls v join messages m on m.conversation_id = v.conversation_id
        where v.call_sid = $1 and m.seq > v.heard_seq and m.sender <> 'customer'
     ), marked as (
       update voice_calls set heard_seq = greatest(heard_seq, (select max(seq) from unheard)) where call_sid = $1 and exists (select 1 from unheard)
     )
     select text, seq from unheard order by seq`,
    [callSid],
  );
  return result.rows.map((row) => row.text);
}

/** The caller heard everything up to now (a new call does not replay an earlier one). */
export async function markAllHeard(db: Queryable, callSid: string): Promise<void> {
  await db.query(
    `update voice_calls v set heard_seq = coalesce((select max(seq) from messages m where m.conversation_id = v.conversation_id), 0) where call_sid = $1`,
    [callSid],
  );
}

export async function endVoiceCall(db: Queryable, callSid: string): Promise<void> {
  await db.query('update voice_calls set ended_at = coalesce(ended_at, now()) where call_sid = $1', [callSid]);
}
