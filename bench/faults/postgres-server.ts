import { startEmbeddedPostgres } from '../../db/embedded';

/**
 * The embedded PostgreSQL server in a process of its own, so the fault suite can `kill -9` it (this
 * process, the postmaster and every backend: one process group) and start it again on the same
 * cluster and port: `node postgres-server.js <dataDir> <port>`. Prints `ready <url>` once serving.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-server <dataDir> <port>');
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.stdout.write(`ready ${server.connectionString}\n`);
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
