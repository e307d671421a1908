-- What the handoff brief draws on: the customer's account and orders (the Postgres-backed
-- customer-data provider), the knowledge base shared by the bot and agents, and the profile each
-- conversation fetched at escalation (from whichever provider is configured).

alter table customers
  add column tier text,
  add column customer_since date,
  add column flags text[] not null default '{}';

create table orders (
  id           text primary key,
  customer_id  text not null references customers (id),
  status       text not null,
  amount       numeric(12, 2) not null,
  currency     text not null default 'CNY',
  items        jsonb not null default '[]'::jsonb,
  placed_at    timestamptz not null
);
create index orders_customer_placed_idx on orders (customer_id, placed_at desc);

create table kb_articles (
  id          text primary key,
  locale      text not null check (locale in ('zh-CN', 'en')),
  title       text not null,
  body        text not null,
  tags        text[] not null default '{}',
  updated_at  timestamptz not null default now()
);
create index kb_articles_locale_idx on kb_articles (locale);

create table conversation_customer_profiles (
  conversation_id  uuid primary key references conversations (id),
  source           text not null,
  -- null when the provider could not give one; `missing` then says why.
  profile          jsonb,
  missing          text[] not null default '{}',
  fetched_at       timestamptz not null default now()
);
