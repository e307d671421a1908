-- What the agent console keeps beside the conversation: private notes the customer never sees,
-- canned replies per team, the team an agent belongs to, and supervisors who also take
-- conversations (a supervisor key may name the agent they are on the floor).
alter table agents add column team text not null default 'support';

alter table api_keys drop constraint api_keys_check;
alter table api_keys add constraint api_keys_agent_keys_name_an_agent check (role <> 'agent' or agent_id is not null);

create table conversation_notes (
  id               bigserial primary key,
  conversation_id  uuid not null references conversations (id) on delete cascade,
  agent_id         text references agents (id) on delete set null,
  author_role      text not null check (author_role in ('agent', 'supervisor', 'service')),
  text             text not null,
  created_at       timestamptz not null default now()
);
create index conversation_notes_by_conversation on conversation_notes (conversation_id, id);

create table canned_replies (
  id          uuid primary key,
  team        text not null,
  shortcut    text not null,
  title       text not null,
  text        text not null,
  locale      text check (locale in ('zh-CN', 'zh-TW', 'en')),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
-- One reply per shortcut in a team and language; one for "any language" too (a plain unique
-- constraint would let NULL locales repeat).
create unique index canned_replies_one_shortcut on canned_replies (team, shortcut, coalesce(locale, ''));
