-- The channels: who a provider's user is to Baton, which provider messages were already taken,
-- and an outbox of everything said to customers and every state change, delivered in order per
-- conversation to the customer's channel and to the company's webhooks.

-- A provider's user (a Telegram chat, a WeChat OpenID, a caller's number) is one Baton customer.
-- Their open conversation on the channel is the one opened with `generation`; after it is
-- resolved the next message opens a new one with the next generation.
create table channel_contacts (
  channel      text not null,
  external_id  text not null,
  customer_id  text not null references customers (id),
  generation   integer not null default 0,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (channel, external_id)
);

-- Providers retry (Telegram until a 2xx, WeChat three times in 15 s): the provider's own id of each
-- message taken, so a retry finds the message stored the first time.
create table channel_inbound (
  channel          text not null,
  provider_id      text not null,
  conversation_id  uuid not null references conversations (id) on delete cascade,
  message_id       uuid not null,
  received_at      timestamptz not null default now(),
  -- When the conversation's workflow took it; null while only stored (a retry hands it over).
  handed_over_at   timestamptz,
  primary key (channel, provider_id)
);

-- Everything to deliver, in one order per conversation: what Baton or an agent said
-- (`message.created`) and the state changes (`conversation.state_changed`, `agent.assigned`,
-- `conversation.resolved`). Written in the same statement as the message or the state change.
create table outbox (
  id               bigserial primary key,
  conversation_id  uuid not null references conversations (id) on delete cascade,
  event_type       text not null,
  message_id       uuid references messages (id) on delete cascade,
  payload          jsonb not null default '{}'::jsonb,
  dedupe_key       text not null,
  created_at       timestamptz not null default clock_timestamp(),
  unique (conversation_id, dedupe_key)
);
create index outbox_by_conversation on outbox (conversation_id, id);

-- The company's own channels: Baton POSTs the outbox to these, signed with the secret.
create table webhook_endpoints (
  id           uuid primary key,
  url          text not null,
  secret       text not null,
  -- Null means every event type / every channel.
  event_types  text[],
  channels     text[],
  description  text,
  created_at   timestamptz not null default clock_timestamp(),
  deleted_at   timestamptz
);

create sequence delivery_revision;

-- One outbox item to one target (`channel`, or `webhook:<endpoint id>`): pending, sent or failed,
-- with why. `revision` grows with every change, so the console's stream sends each change once.
create table outbox_deliveries (
  outbox_id            bigint not null references outbox (id) on delete cascade,
  conversation_id      uuid not null,
  target               text not null,
  status               text not null check (status in ('pending', 'sent', 'failed')),
  attempts             integer not null default 0,
  code                 text,
  reason               text,
  provider_message_id  text,
  revision             bigint not null default nextval('delivery_revision'),
  updated_at           timestamptz not null default clock_timestamp(),
  primary key (outbox_id, target)
);
-- The console's stream asks, twice a second, what changed in one conversation's channel deliveries.
create index outbox_deliveries_by_conversation on outbox_deliveries (conversation_id, revision) where target = 'channel';
-- Written, never picked up (a nudge lost): the worker's sweep finds these.
create index outbox_by_age on outbox (created_at);
-- A message's delivery, as its transcript shows it.
create index outbox_by_message on outbox (message_id) where message_id is not null;

-- A phone call: which conversation it speaks for, and how far into the transcript the caller has
-- heard (the provider asks for the next document; what was said since is spoken then).
create table voice_calls (
  call_sid         text primary key,
  conversation_id  uuid not null references conversations (id) on delete cascade,
  caller           text not null,
  heard_seq        bigint not null default 0,
  created_at       timestamptz not null default now(),
  ended_at         timestamptz
);
