import type { Queryable } from '../db/queryable';
import type { CustomerDataProvider } from './provider';
import type { CustomerProfile, Order } from './profile';

const RECENT_ORDERS = 10;

/** The default provider: the customers and orders tables in Baton's own Postgres. */
export function createPostgresCustomerProvider(db: Queryable): CustomerDataProvider {
  return {
    source: 'postgres',
    async fetchProfile(customerId) {
      const customer = await db.query<{
        id: string;
        name: string | null;
        phone: string | null;
        email: string | null;
        tier: string | null;
        customer_since: Date | null;
        flags: string[];
      }>('select id, name, phone, email, tier, customer_since, flags from customers where id = $1', [customerId]);
      const row = customer.rows[0];
      if (!row) return null;
      const orders = await db.query<{ id: string; status: string; amount: string; currency: string; items: Order['items']; placed_at: Date }>(
        `select id, status, amount, currency, items, placed_at from orders where customer_id = $1 order by placed_at desc limit ${RECENT_ORDERS}`,
        [customerId],
      );
      const profile: CustomerProfile = {
        id: row.id,
        name: row.name,
        phone: row.phone,
        email: row.email,
        account: { tier: row.tier, since: row.customer_since ? row.customer_since.toISOString().slice(0, 10) : null, flags: row.flags },
        orders: orders.rows.map((order) => ({
          id: order.id,
          status: order.status,
          amount: Number(order.amount),
          currency: order.currency,
          items: order.items,
          placedAt: order.placed_at.toISOString(),
        })),
      };
      return profile;
    },
  };
}
