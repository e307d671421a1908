-- Claims stay fast with tens of thousands of agents and waiting conversations: an agent who frees
-- a slot reads the head of each of its skills' queues straight from this index.
drop index queue_entries_order_idx;
create index queue_entries_skill_order_idx on queue_entries (skill, priority desc, enqueued_at, conversation_id);
