-- Keys for supervisors and agents; the service key comes from BATON_API_KEY. Only a hash is kept.
create table api_keys (
  id          uuid primary key,
  key_hash    text not null unique,
  role        text not null check (role in ('supervisor', 'agent')),
  agent_id    text references agents (id) on delete cascade,
  created_at  timestamptz not null default now(),
  revoked_at  timestamptz,
  check ((role = 'agent') = (agent_id is not null))
);
