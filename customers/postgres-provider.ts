import { customerProfile } from '../db/customers';
import type { Queryable } from '../db/queryable';
import type { CustomerDataProvider } from './provider';

const RECENT_ORDERS = 10;

/** The default provider: the customers and orders tables in Baton's own Postgres (db/customers.ts). */
export function createPostgresCustomerProvider(db: Queryable): CustomerDataProvider {
  const fetchProfile = (customerId: string) => customerProfile(db, customerId, { recentOrders: RECENT_ORDERS });
  // Local, so always at hand.
  return { source: 'postgres', fetchProfile, profileAtHand: fetchProfile };
}
