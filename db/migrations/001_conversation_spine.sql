-- The record of what people see: customers, conversations, every message, agents, the queue,
-- assignments and handoff briefs. Temporal holds where each conversation is in its life.

create table customers (
  id          text primary key,
  name        text,
  phone       text,
  email       text,
  locale      text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create table conversations (
  id                uuid primary key,
  customer_id       text not null references customers (id),
  channel           text not null,
  locale            text,
  state             text not null default 'bot'
                    check (state in ('bot', 'escalation_pending', 'queued', 'agent_assigned', 'resolved')),
  metadata          jsonb not null default '{}'::jsonb,
  idempotency_key   text unique,
  request_hash      text,
  escalation        jsonb,
  agent_id          text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  escalated_at      timestamptz,
  queued_at         timestamptz,
  assigned_at       timestamptz,
  resolved_at       timestamptz
);
create index conversations_state_idx on conversations (state, updated_at);

create table messages (
  id               uuid primary key,
  conversation_id  uuid not null references conversations (id),
  seq              bigint generated always as identity,
  sender           text not null check (sender in ('customer', 'bot', 'system', 'agent')),
  agent_id         text,
  text             text not null,
  quick_replies    jsonb,
  -- Retries of one logical send carry the same key, so they store one row.
  dedupe_key       text not null,
  in_reply_to      uuid,
  created_at       timestamptz not null default clock_timestamp(),
  unique (conversation_id, dedupe_key)
);
create index messages_conversation_seq_idx on messages (conversation_id, seq);

create table agents (
  id                text primary key,
  name              text not null,
  capacity          integer not null check (capacity between 1 and 100),
  -- Active assignments; the check makes "never above capacity" a database fact.
  load              integer not null default 0 check (load >= 0 and load <= capacity),
  status            text not null default 'offline' check (status in ('available', 'away', 'offline')),
  languages         text[] not null default '{}',
  channels          text[] not null default '{}',
  status_changed_at timestamptz not null default now(),
  last_assigned_at  timestamptz,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);

create table agent_skills (
  agent_id  text not null references agents (id) on delete cascade,
  skill     text not null,
  level     integer not null check (level between 1 and 5),
  primary key (agent_id, skill)
);
create index agent_skills_skill_idx on agent_skills (skill, level);

create table queue_entries (
  conversation_id  uuid primary key references conversations (id),
  skill            text not null,
  min_level        integer not null,
  priority         integer not null default 0,
  language         text,
  channel          text not null,
  enqueued_at      timestamptz not null default now()
);
create index queue_entries_order_idx on queue_entries (skill, priority desc, enqueued_at);

create table assignments (
  id               bigint generated always as identity primary key,
  conversation_id  uuid not null references conversations (id),
  agent_id         text not null references agents (id),
  skill            text not null,
  assigned_at      timestamptz not null default now(),
  ended_at         timestamptz
);
-- At most one live assignment per conversation: a double assignment cannot be written.
create unique index assignments_one_live_per_conversation on assignments (conversation_id) where ended_at is null;
create index assignments_agent_live_idx on assignments (agent_id) where ended_at is null;
create index assignments_skill_ended_idx on assignments (skill, ended_at desc) where ended_at is not null;

create table handoff_briefs (
  conversation_id  uuid primary key references conversations (id),
  brief            jsonb not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
