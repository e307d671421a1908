import { z } from 'zod';

/** What a customer-data provider returns. An HTTP CRM's answer is validated against it. */
export const orderSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  items: z.array(z.object({ name: z.string().min(1), quantity: z.number().int().positive(), sku: z.string().optional() })).max(200),
  placedAt: z.string().datetime({ offset: true }),
});
export type Order = z.infer<typeof orderSchema>;

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
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

export const isVip = (profile: Pick<CustomerProfile, 'account'>): boolean =>
  profile.account.flags.some((flag) => flag.toLowerCase() === 'vip');
