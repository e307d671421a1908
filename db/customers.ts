import type { CustomerProfile, CustomerRecord, Order } from '../domain/customer';
import type { Queryable } from './queryable';

/** The customers and orders tables: Baton's own customer records (the default customer-data provider reads them). */

/** Records the customer a conversation names; what the caller did not give is kept as it was. */
export async function upsertCustomer(db: Queryable, customer: CustomerRecord): Promise<void> {
  await db.query(
    `insert into customers (id, name, phone, email, locale) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set
       name = coalesce(excluded.name, customers.name),
       phone = coalesce(excluded.phone, customers.phone),
       email = coalesce(excluded.email, customers.email),
       locale = coalesce(excluded.locale, customers.locale),
       updated_at = now()`,
    [customer.id, customer.name, customer.phone, customer.email, customer.locale],
  );
}

/** The customer's record with their most recent orders, newest first; null when there is none. */
export async function customerProfile(db: Queryable, customerId: string, { recentOrders }: { recentOrders: number }): Promise<CustomerProfile | null> {
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
    'select id, status, amount, currency, items, placed_at from orders where customer_id = $1 order by placed_at desc limit $2',
    [customerId, recentOrders],
  );
  return {
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
}

export interface CustomerAccount extends CustomerRecord {
  tier: string | null;
  /** ISO date. */
  since: string | null;
  flags: string[];
}

/** Adds a customer with their account; one already there is left as it is. */
export async function addCustomerIfAbsent(db: Queryable, customer: CustomerAccount): Promise<void> {
  await db.query(
    `insert into customers (id, name, phone, email, locale, tier, customer_since, flags) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (id) do nothing`,
    [customer.id, customer.name, customer.phone, customer.email, customer.locale, customer.tier, customer.since, customer.flags],
  );
}

/** Adds an order placed `daysAgo` days ago; one already there is left as it is. */
export async function addOrderIfAbsent(
  db: Queryable,
  order: Omit<Order, 'placedAt'> & { customerId: string; daysAgo: number },
): Promise<void> {
  await db.query(
    `insert into orders (id, customer_id, status, amount, currency, items, placed_at)
     values ($1, $2, $3, $4, $5, $6, now() - make_interval(days => $7)) on conflict (id) do nothing`,
    [order.id, order.customerId, order.status, order.amount, order.currency, JSON.stringify(order.items), order.daysAgo],
  );
}
