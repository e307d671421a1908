import { offerExpiry } from '../machines/deadlines';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { agentStanding } from '../db/agents';
import { getBrief } from '../db/briefs';
import type { Logger } from '../observability/logger';
import { openEventStream } from './event-stream';

interface AssignmentRow {
  id: string;
  conversation_id: string;
  assigned_at: Date;
  accepted_at: Date | null;
  offer_expires_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
}

/**
 * An agent desk's live feed, as server-sent events: `agent` (status and load, whenever they
 * change), `offer` (a conversation offered to the agent, with when it runs out and the brief's
 * summary), `assigned` (the agent holds it: accepted, auto-accepted or stepped in), `withdrawn` (an
 * offer gone unanswered: `declined` or `timed_out`) and `ended` (`resolved` or `transferred`). It
 * reads the assignments themselves, which keep every offer and its answer, so even an offer made and
 * withdrawn between two reads is told. A new stream first describes the desk as it is; it never
 * ends by itself.
 */
export function streamAgentEvents(db: Pool, logger: Logger, agentId: string, offerTimeoutSeconds: number, req: Request, res: Response): void {
  /** Assignments already told of and still open, by id, with whether they were accepted. */
  const open = new Map<string, boolean>();
  let lastId: string | null = null;
  let lastAgent = '';

  const tellNew = async (stream: { send: (event: string, data: unknown) => void }, row: AssignmentRow) => {
    const conversationId = row.conversation_id;
    // Accepted in the statement that made it (auto-accept, stepping in): never an offer.
    const offered = row.accepted_at === null || row.accepted_at.getTime() !== row.assigned_at.getTime();
    if (offered) {
      const brief = await getBrief(db, conversationId);
      // Until the workflow has recorded the offer's expiry, the machine's own rule gives it.
      const expires = row.offer_expires_at?.toISOString() ?? offerExpiry(row.assigned_at, { timeoutSeconds: offerTimeoutSeconds });
      stream.send('offer', {
        conversationId,
        offerExpiresAt: expires,
        summary: brief?.summary ?? null,
        category: brief?.classification.category ?? null,
        priority: brief?.classification.priority ?? null,
      });
    }
  };

  openEventStream(req, res, logger, { agentId }, async (stream) => {
    const agent = await agentStanding(db, agentId);
    if (!agent) {
      stream.stop();
      return;
    }
    const described = JSON.stringify([agent.status, agent.load, agent.capacity]);
    if (described !== lastAgent) {
      lastAgent = described;
      stream.send('agent', { status: agent.status, load: agent.load, capacity: agent.capacity, missedOffers: agent.missedOffers });
    }
    const first = lastId === null;
    const rows = await db.query<AssignmentRow>(
      `select id, conversation_id, assigned_at, accepted_at, offer_expires_at, ended_at, end_reason from assignments
        where agent_id = $1 and (case when $2::bigint is null then ended_at is null else id > $2 or id = any ($3::bigint[]) end)
        order by id`,
      [agentId, lastId, [...open.keys()]],
    );
    if (first) {
      const newest = await db.query<{ id: string | null }>('select max(id) as id from assignments where agent_id = $1', [agentId]);
      lastId = newest.rows[0]?.id ?? '0';
    }
    for (const row of rows.rows) {
      const conversationId = row.conversation_id;
      const known = open.get(row.id);
      if (known === undefined) {
        await tellNew(stream, row);
        if (BigInt(row.id) > BigInt(lastId!)) lastId = row.id;
      }
      const accepted = row.accepted_at !== null;
      if (accepted && !known) stream.send('assigned', { conversationId });
      if (row.ended_at) {
        open.delete(row.id);
        stream.send(accepted ? 'ended' : 'withdrawn', { conversationId, reason: row.end_reason });
      } else {
        open.set(row.id, accepted);
      }
    }
  });
}
