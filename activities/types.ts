import type { Pool } from 'pg';
import type { Assignment } from '../routing/claims';

export interface ActivityDependencies {
  db: Pool;
  /** Tells a conversation's workflow that the database gave it an agent (a Temporal signal in production). */
  notifyAssignment: (assignment: Assignment) => Promise<void>;
}
