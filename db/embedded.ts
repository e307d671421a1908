import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  connectionString: string;
  /** node-postgres pools must stay at or below this. */
  maxConnections: number;
  stop: () => Promise<void>;
}

/**
 * A real Postgres in-process (PGlite), served over the wire protocol so node-postgres talks to it
 * as to any server. It serialises transactions: right for trying Baton, not for proving concurrency.
 */
export async function startEmbeddedPostgres({ dataDir, port }: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  const directory = path.resolve(dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const maxConnections = 8;
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
  await server.start();
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    maxConnections,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
