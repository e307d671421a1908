import type { CustomerProfile } from './profile';

/** Where customer records come from: Baton's own tables, or the company's CRM. */
export interface CustomerDataProvider {
  /** Named in the brief, so agents know where the record came from. */
  readonly source: string;
  /** The customer's profile, or null when the provider has no record of them. */
  fetchProfile(customerId: string): Promise<CustomerProfile | null>;
}
