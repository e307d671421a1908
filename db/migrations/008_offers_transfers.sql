-- Offers: an assignment is offered until the agent accepts it (accepted_at). Its capacity is held
-- meanwhile, so an offer can never push an agent over capacity either.
alter table assignments
  add column accepted_at timestamptz,
  add column offer_expires_at timestamptz,
  add column end_reason text check (end_reason in ('resolved', 'declined', 'timed_out', 'transferred'));
update assignments set accepted_at = assigned_at;
update assignments set end_reason = 'resolved' where ended_at is not null;
alter table assignments add constraint assignments_ended_with_reason check ((ended_at is null) = (end_reason is null));

-- An agent may take offers without answering each one (auto-accept), and is set away after too
-- many offers in a row ran out unanswered.
alter table agents
  add column auto_accept boolean not null default false,
  add column missed_offers integer not null default 0 check (missed_offers >= 0);

-- An agent who declined (or let time out) an offer of a conversation is never offered it again
-- for this handoff.
create table offer_refusals (
  conversation_id  uuid not null references conversations (id),
  agent_id         text not null references agents (id) on delete cascade,
  reason           text not null check (reason in ('declined', 'timed_out', 'transferred')),
  at               timestamptz not null default now(),
  primary key (conversation_id, agent_id)
);

-- Each transfer, with who handed over, to whom or which skill, and the note for the next agent.
create table transfers (
  id               bigint generated always as identity primary key,
  conversation_id  uuid not null references conversations (id),
  from_agent_id    text not null,
  to_agent_id      text,
  to_skill         text,
  note             text,
  -- The workflow step that asked for it: a retried transfer is recognised, not refused.
  step_key         text not null unique,
  at               timestamptz not null default now(),
  check ((to_agent_id is null) <> (to_skill is null))
);
create index transfers_conversation_idx on transfers (conversation_id, at);

-- Every public state change, in order: the event stream replays them so none is skipped.
create table state_changes (
  id               bigint generated always as identity primary key,
  conversation_id  uuid not null references conversations (id),
  state            text not null,
  -- The machine's full state path, e.g. agent_assigned.offered.
  path             text not null,
  agent_id         text,
  at               timestamptz not null
);
create index state_changes_conversation_idx on state_changes (conversation_id, id);
-- A retried recording writes nothing twice.
create unique index state_changes_once on state_changes (conversation_id, path, at);
