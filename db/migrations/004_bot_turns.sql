-- What the triggers read: the kind of each bot message (an answer, a fallback, an offer to hand
-- over) with its confidence and article, and the customer's thumbs-up or -down on bot answers.
alter table messages
  add column kind text check (kind in ('answer', 'fallback', 'handoff_offer', 'acknowledgement')),
  add column meta jsonb;

create table message_feedback (
  message_id  uuid primary key references messages (id),
  helpful     boolean not null,
  given_at    timestamptz not null default now()
);
