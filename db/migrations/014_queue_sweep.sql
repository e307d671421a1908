-- The queue sweep (worker/queue-sweep.ts) remembers each waiting conversation's rank in its line as
-- it last saw it, so it tells only the conversations whose place moved since.
alter table queue_entries add column seen_rank integer;
