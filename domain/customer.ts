import type { Locale } from './conversation';

/** The customer as a conversation was created with them (the API's word, kept in Baton's tables). */
export interface CustomerRecord {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: Locale | null;
}

/** An order in a customer's record. */
export interface Order {
  id: string;
  status: string;
  amount: number;
  /** ISO 4217, three letters. */
  currency: string;
  items: Array<{ name: string; quantity: number; sku?: string | undefined }>;
  placedAt: string;
}

/**
 * What a customer-data provider returns (Baton's own tables or the company's CRM). An HTTP CRM's
 * answer is validated against the schema in customers/profile.ts, which has this shape.
 */
export interface CustomerProfile {
  id: string;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  account: {
    tier?: string | null | undefined;
    /** ISO date the customer has been with the company since. */
    since?: string | null | undefined;
    flags: string[];
  };
  orders: Order[];
}
