-- What the wait estimator learns from, and how a wait ended.

-- Every conversation that left the queue: served by an agent, or gone (abandoned, a callback or a
-- message instead). Abandonment per second of waiting is learned from these.
create table queue_exits (
  conversation_id  uuid not null references conversations (id),
  skill            text not null,
  waited_seconds   double precision not null check (waited_seconds >= 0),
  outcome          text not null check (outcome in ('served', 'abandoned')),
  exited_at        timestamptz not null default now(),
  primary key (conversation_id, exited_at)
);
create index queue_exits_skill_idx on queue_exits (skill, exited_at desc);

alter table conversations
  add column outcome text check (outcome in ('resolved', 'abandoned', 'callback_requested', 'message_left')),
  add column callback_number text;
