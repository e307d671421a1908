import type { BatonConfig } from '../config/env';
import type { Queryable } from '../db/queryable';
import { createHttpCustomerProvider } from './http-provider';
import { createPostgresCustomerProvider } from './postgres-provider';
import type { CustomerDataProvider } from './provider';

/** The CRM when BATON_CUSTOMER_DATA_URL is set, otherwise Baton's own tables. */
export function customerDataProviderFrom(config: BatonConfig, db: Queryable): CustomerDataProvider {
  if (!config.customerDataUrl) return createPostgresCustomerProvider(db);
  return createHttpCustomerProvider({
    baseUrl: config.customerDataUrl,
    timeoutMs: config.customerDataTimeoutMs,
    cacheSeconds: config.customerDataCacheSeconds,
    ...(config.customerDataToken ? { token: config.customerDataToken } : {}),
  });
}
