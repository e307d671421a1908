import { recordStateChange, type StateChange } from '../db/conversations';
import { escalationsTotal, handoffOfferSeconds } from '../observability/metrics';
import type { ActivityDependencies } from './types';

export function createConversationRecordActivities({ db }: ActivityDependencies) {
  return {
    /**
     * Mirrors a public state change into Postgres, where the API and people read it. Counted in
     * the metrics once, by the attempt that logged it: the escalation, and the handoff's first
     * offer (or an agent taking it at once), timed from the escalation as the database dated both.
     */
    async recordState(change: StateChange): Promise<void> {
      const recorded = await recordStateChange(db, change);
      if (!recorded.logged) return;
      if (change.state === 'escalation_pending' && change.escalation) escalationsTotal.inc({ trigger: change.escalation.trigger });
      if (change.state === 'agent_assigned' && !recorded.hadAgent && recorded.secondsSinceEscalation !== null) {
        handoffOfferSeconds.observe({ skill: recorded.skill ?? 'unknown' }, Math.max(0, recorded.secondsSinceEscalation));
      }
    },
  };
}
