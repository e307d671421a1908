-- Live streams wake when something they show changes, instead of only when their poll comes round:
-- an agent's desk on any change to their assignments or standing, a conversation's stream on a new
-- message, state change or delivery. The payload is the id the streams filter by; the polls stay
-- as the backstop for a notification lost with a connection.
create function notify_desk() returns trigger language plpgsql as $$
begin
  perform pg_notify('baton_desk', new.agent_id);
  return null;
end $$;

create function notify_agent() returns trigger language plpgsql as $$
begin
  perform pg_notify('baton_desk', new.id);
  return null;
end $$;

create function notify_conversation() returns trigger language plpgsql as $$
begin
  perform pg_notify('baton_conversation', new.conversation_id::text);
  return null;
end $$;

create trigger assignments_wake_desk after insert or update on assignments for each row execute function notify_desk();
create trigger agents_wake_desk after update on agents for each row
  when (old.status is distinct from new.status or old.load is distinct from new.load or old.capacity is distinct from new.capacity
        or old.missed_offers is distinct from new.missed_offers)
  execute function notify_agent();
create trigger messages_wake_conversation after insert on messages for each row execute function notify_conversation();
create trigger state_changes_wake_conversation after insert on state_changes for each row execute function notify_conversation();
create trigger outbox_deliveries_wake_conversation after insert or update on outbox_deliveries for each row execute function notify_conversation();
