import { offerExpiry } from '../machines/deadlines';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import { agentStanding } from '../db/agents';
import { deskAssignments, newestAssignmentId, type DeskAssignment } from '../db/assignments';
import { getBrief } from '../db/briefs';
import type { Logger } from '../observability/logger';
import { openEventStream } from './event-stream';
import type { Wakeups } from './wakeups';

/**
 * An agent desk's live feed, as server-sent events: `agent` (status and load, whenever they
 * change), `offer` (a conversation offered to the agent, with when it runs out and the brief's
 * summary), `assigned` (the agent holds it: accepted, auto-accepted or stepped in), `withdrawn` (an
 * offer gone unanswered: `declined` or `timed_out`) and `ended` (`resolved` or `transferred`). It
 * reads the assignments themselves, which keep every offer and its answer, so even an offer made and
 * withdrawn between two reads is told. A new stream first describes the desk as it is; it ends
 * only with `event: access_ended`, once the key that opened it is revoked (`stillAllowed`).
 */
export function streamAgentEvents(
  db: Pool,
  logger: Logger,
  agentId: string,
  offerTimeoutSeconds: number,
  req: Request,
  res: Response,
  { wakeups, stillAllowed }: { wakeups?: Wakeups; stillAllowed?: () => Promise<boolean> } = {},
): void {
  /** Assignments already told of and still open, by id, with whether they were accepted. */
  const open = new Map<string, boolean>();
  let lastId: string | null = null;
  let lastAgent = '';

  const tellNew = async (stream: { send: (event: string, data: unknown) => void }, row: DeskAssignment) => {
    const { conversationId } = row;
    // Accepted in the statement that made it (auto-accept, stepping in): never an offer.
    const offered = row.acceptedAt === null || row.acceptedAt.getTime() !== row.assignedAt.getTime();
    if (offered) {
      const brief = await getBrief(db, conversationId);
      // Until the workflow has recorded the offer's expiry, the machine's own rule gives it.
      const expires = row.offerExpiresAt?.toISOString() ?? offerExpiry(row.assignedAt, { timeoutSeconds: offerTimeoutSeconds });
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
    const described = JSON.stringify([agent.status, agent.load, agent.capacity, agent.missedOffers]);
    if (described !== lastAgent) {
      lastAgent = described;
      stream.send('agent', { status: agent.status, load: agent.load, capacity: agent.capacity, missedOffers: agent.missedOffers });
    }
    const first = lastId === null;
    const rows = await deskAssignments(db, agentId, { afterId: lastId, stillOpen: [...open.keys()] });
    if (first) lastId = await newestAssignmentId(db, agentId);
    for (const row of rows) {
      const { conversationId } = row;
      const known = open.get(row.id);
      if (known === undefined) {
        await tellNew(stream, row);
        if (BigInt(row.id) > BigInt(lastId!)) lastId = row.id;
      }
      const accepted = row.acceptedAt !== null;
      if (accepted && !known) stream.send('assigned', { conversationId });
      if (row.endedAt) {
        open.delete(row.id);
        stream.send(accepted ? 'ended' : 'withdrawn', { conversationId, reason: row.endReason });
      } else {
        open.set(row.id, accepted);
      }
    }
  }, { wakeOn: wakeups ? (wake) => wakeups.subscribe('baton_desk', agentId, wake) : undefined, stillAllowed });
}
