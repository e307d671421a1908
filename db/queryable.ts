import type { Pool, PoolClient } from 'pg';

/** Either the pool or a client inside a transaction. */
export type Queryable = Pick<Pool | PoolClient, 'query'>;
