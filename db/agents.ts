import type { Channel } from '../domain/conversation';
import type { Queryable } from './queryable';

export const AGENT_STATUSES = ['available', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface AgentSkill {
  name: string;
  level: number;
}

export interface AgentProfile {
  id: string;
  name: string;
  skills: AgentSkill[];
  capacity: number;
  /** Language families the agent serves (`zh`, `en`); empty means any. */
  languages: string[];
  /** Channels the agent serves; empty means any. */
  channels: Channel[];
  /** Takes offered conversations without answering each one. Default false: offers wait for accept. */
  autoAccept?: boolean;
  /** The team whose canned replies the agent uses (default `support`). */
  team?: string;
}

export interface AgentRecord extends AgentProfile {
  status: AgentStatus;
  load: number;
  statusChangedAt: string;
  autoAccept: boolean;
  team: string;
  /** Offers in a row that ran out unanswered; at the configured limit the agent is set away. */
  missedOffers: number;
}

interface AgentRow {
  id: string;
  name: string;
  capacity: number;
  load: number;
  status: AgentStatus;
  languages: string[];
  channels: Channel[];
  status_changed_at: Date;
  skills: AgentSkill[] | null;
  auto_accept: boolean;
  missed_offers: number;
  team: string;
}

function toAgent(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    capacity: row.capacity,
    load: row.load,
    status: row.status,
    languages: row.languages,
    channels: row.channels,
    statusChangedAt: row.status_changed_at.toISOString(),
    skills: row.skills ?? [],
    autoAccept: row.auto_accept,
    team: row.team,
    missedOffers: row.missed_offers,
  };
}

const AGENT_COLUMNS = `a.id, a.name, a.capacity, a.load, a.status, a.languages, a.channels, a.status_changed_at, a.auto_accept, a.missed_offers, a.team,
            (select json_agg(json_build_object('name', s.skill, 'level', s.level) order by s.skill)
               from agent_skills s where s.agent_id = a.id) as skills`;

export async function getAgent(db: Queryable, id: string): Promise<AgentRecord | null> {
  const result = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents a where a.id = $1`, [id]);
  const row = result.rows[0];
  return row ? toAgent(row) : null;
}

/** Every agent, by name: what a supervisor's floor view and an agent's transfer list show. */
export async function listAgents(db: Queryable): Promise<AgentRecord[]> {
  const result = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents a order by a.name, a.id`);
  return result.rows.map(toAgent);
}

/**
 * Creates the agent or replaces its profile (skills included); status and load are kept.
 * Lowering capacity below the current load violates a check constraint (23514).
 */
export async function saveAgentProfile(
  db: Queryable,
  agent: AgentProfile & { status?: AgentStatus },
): Promise<{ created: boolean }> {
  const result = await db.query<{ created: boolean }>(
    `insert into agents (id, name, capacity, languages, channels, status, auto_accept, team)
     values ($1, $2, $3, $4, $5, coalesce($6, 'offline'), coalesce($7, false), coalesce($8, 'support'))
     on conflict (id) do update set
       name = excluded.name, capacity = excluded.capacity, languages = excluded.languages,
       channels = excluded.channels, auto_accept = coalesce($7, agents.auto_accept), team = coalesce($8, agents.team),
       missed_offers = case when $6 = 'available' then 0 else agents.missed_offers end,
       status = coalesce($6, agents.status),
       status_changed_at = case when $6 is not null and $6 <> agents.status then now() else agents.status_changed_at end,
       updated_at = now()
     returning (xmax = 0) as created`,
    [agent.id, agent.name, agent.capacity, agent.languages, agent.channels, agent.status ?? null, agent.autoAccept ?? null, agent.team ?? null],
  );
  await db.query('delete from agent_skills where agent_id = $1', [agent.id]);
  if (agent.skills.length > 0) {
    await db.query(
      `insert into agent_skills (agent_id, skill, level)
       select $1, skill, level from unnest($2::text[], $3::int[]) as s (skill, level)`,
      [agent.id, agent.skills.map((skill) => skill.name), agent.skills.map((skill) => skill.level)],
    );
  }
  return { created: result.rows[0]?.created ?? false };
}

/** What an agent desk shows of the agent, cheap enough to read every half second. */
export async function agentStanding(db: Queryable, id: string): Promise<Pick<AgentRecord, 'status' | 'load' | 'capacity' | 'missedOffers'> | null> {
  const result = await db.query<{ status: AgentStatus; load: number; capacity: number; missed_offers: number }>(
    'select status, load, capacity, missed_offers from agents where id = $1',
    [id],
  );
  const row = result.rows[0];
  return row ? { status: row.status, load: row.load, capacity: row.capacity, missedOffers: row.missed_offers } : null;
}

export async function setAgentStatus(db: Queryable, id: string, status: AgentStatus): Promise<boolean> {
  const result = await db.query(
    `update agents set status = $2,
       -- Coming back resets the count of missed offers that set them away.
       missed_offers = case when $2 = 'available' then 0 else missed_offers end,
       status_changed_at = case when status <> $2 then now() else status_changed_at end,
       updated_at = now()
     where id = $1`,
    [id, status],
  );
  return (result.rowCount ?? 0) > 0;
}
