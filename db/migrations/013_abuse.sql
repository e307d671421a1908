-- The rate limits' counts (api/rate-limits.ts, rate-limiter-flexible's Postgres store, in its own
-- layout): one row per limited caller and window, shared by every API replica. `expire` is epoch
-- milliseconds; the store deletes rows an hour past it.
create table rate_limits (
  key     varchar(255) primary key,
  points  integer not null default 0,
  expire  bigint
);
create index rate_limits_expire on rate_limits (expire);

-- Who did what among supervisors, agents and the service (api/audit.ts): written when the action has
-- succeeded. The actor is a role with an agent id and a key id, never the key; no customer text, no
-- notes. No foreign keys: the log outlives the keys, agents and conversations it names.
create table audit_log (
  id               bigint generated always as identity primary key,
  at               timestamptz not null default now(),
  actor_role       text not null check (actor_role in ('service', 'supervisor', 'agent')),
  actor_agent_id   text,
  actor_key_id     uuid,
  action           text not null,
  conversation_id  uuid,
  target           text,
  detail           jsonb not null default '{}',
  request_id       text
);
create index audit_log_at on audit_log (at);
create index audit_log_actor_agent on audit_log (actor_agent_id, id desc) where actor_agent_id is not null;
create index audit_log_actor_key on audit_log (actor_key_id, id desc) where actor_key_id is not null;
