import { z } from 'zod';
import type { CustomerProfile, Order } from '../domain/customer';

/** What a customer-data provider returns (domain/customer.ts). An HTTP CRM's answer is validated against it. */
export const orderSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  items: z.array(z.object({ name: z.string().min(1), quantity: z.number().int().positive(), sku: z.string().optional() })).max(200),
  placedAt: z.string().datetime({ offset: true }),
});

export const customerProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  account: z
    .object({
      tier: z.string().nullish(),
      /** ISO date the customer has been with the company since. */
      since: z.string().nullish(),
      flags: z.array(z.string()).default([]),
    })
    .default({ flags: [] }),
  orders: z.array(orderSchema).max(1000).default([]),
});

/** The schemas check exactly the shapes the ground floor declares: neither may drift from the other. */
/** Identical types: an optional field on one side only counts as a difference too. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Holds<T extends true> = T;
// Fails to compile when a schema and its domain type disagree.
type SchemasMatchTheDomain = [Holds<Same<z.infer<typeof orderSchema>, Order>>, Holds<Same<z.infer<typeof customerProfileSchema>, CustomerProfile>>];

/** Whether the customer is a VIP: the one answer, from the record the customer-data provider gave. */
export const isVip = (profile: Pick<CustomerProfile, 'account'>): boolean =>
  profile.account.flags.some((flag) => flag.toLowerCase() === 'vip');
