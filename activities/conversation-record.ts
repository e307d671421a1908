import { recordStateChange, type StateChange } from '../db/conversations';
import type { ActivityDependencies } from './types';

export function createConversationRecordActivities({ db }: ActivityDependencies) {
  return {
    /** Mirrors a public state change into Postgres, where the API and people read it. */
    async recordState(change: StateChange): Promise<void> {
      await recordStateChange(db, change);
    },
  };
}
