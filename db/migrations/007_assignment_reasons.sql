-- Why an agent was chosen, kept with the assignment so the API can show it.
alter table assignments add column reason jsonb;
