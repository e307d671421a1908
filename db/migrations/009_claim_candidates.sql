-- Escalation claims score every fitting agent; with thousands per skill, joining each to agents
-- cost more than the scoring. Each agent_skills row now carries what the score and the filters
-- need from its agent, kept current by triggers in the same transaction as the agent's change, and
-- a partial index holds only the skills of agents who can take a conversation now. The claim still
-- locks and re-checks the agents row itself, which stays the truth.
alter table agent_skills
  add column available  boolean not null default false,
  add column free_share real not null default 0,
  add column idle_since timestamptz,
  add column idle_epoch double precision not null default 0,
  add column languages  text[] not null default '{}',
  add column channels   text[] not null default '{}';

create function agent_skills_from_agent() returns trigger language plpgsql as $$
begin
  select a.status = 'available' and a.load < a.capacity, 1 - a.load::real / a.capacity,
         coalesce(a.last_assigned_at, a.status_changed_at), extract(epoch from coalesce(a.last_assigned_at, a.status_changed_at)),
         a.languages, a.channels
    into new.available, new.free_share, new.idle_since, new.idle_epoch, new.languages, new.channels
    from agents a where a.id = new.agent_id;
  return new;
end $$;
create trigger agent_skills_from_agent before insert on agent_skills
  for each row execute function agent_skills_from_agent();

create function agent_skills_follow_agent() returns trigger language plpgsql as $$
begin
  update agent_skills set
    available = new.status = 'available' and new.load < new.capacity,
    free_share = 1 - new.load::real / new.capacity,
    idle_since = coalesce(new.last_assigned_at, new.status_changed_at),
    idle_epoch = extract(epoch from coalesce(new.last_assigned_at, new.status_changed_at)),
    languages = new.languages,
    channels = new.channels
  where agent_id = new.id;
  return null;
end $$;
create trigger agent_skills_follow_agent after update of status, load, capacity, last_assigned_at, status_changed_at, languages, channels on agents
  for each row execute function agent_skills_follow_agent();

-- The skills already there: the trigger fills them in.
update agents set status = status;

-- The score (routing/claims.ts SCORE_WEIGHTS) is 0.5 × free share + 0.3 × level/5 + 0.2 × min(1,
-- idle/600 s), which is min(base + 0.2, idle_key + 0.2 × now/600) with two keys that do not change
-- with time: `base_score` and `idle_key`. A claim reads the top of each key's index at each level
-- it accepts, and a bound proves no agent further down can win (falling back to scoring every
-- fitting agent when it cannot).
alter table agent_skills
  add column base_score double precision generated always as (0.5 * free_share + 0.3 * level / 5.0) stored,
  add column idle_key double precision generated always as (0.5 * free_share + 0.3 * level / 5.0 - 0.2 * idle_epoch / 600) stored;
create index agent_skills_best_base_idx on agent_skills (skill, level, base_score desc) where available;
create index agent_skills_best_idle_idx on agent_skills (skill, level, idle_key desc) where available;
