import type { CustomerProfile } from '../domain/customer';

/** Where customer records come from: Baton's own tables, or the company's CRM. */
export interface CustomerDataProvider {
  /** Named in the brief, so agents know where the record came from. */
  readonly source: string;
  /** The customer's profile, or null when the provider has no record of them. */
  fetchProfile(customerId: string): Promise<CustomerProfile | null>;
  /**
   * The profile as far as the provider has it at hand, without a remote call: for the bot's triggers,
   * which read it on every turn and must neither wait on a CRM nor load it. Baton's own tables
   * answer it as `fetchProfile` does; a CRM from what it answered within its cache time (a handoff
   * fetches and caches the record). `undefined` when it could only say by asking.
   */
  profileAtHand(customerId: string): Promise<CustomerProfile | null | undefined>;
}
