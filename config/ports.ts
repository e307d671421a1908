import { createServer } from 'node:net';

export interface NeededPort {
  /** What the port is for, as the start-up message names it. */
  name: string;
  port: number;
  host: string;
}

/** The ports among `needed` that something else already listens on. */
export async function takenPorts(needed: NeededPort[]): Promise<NeededPort[]> {
  const results = await Promise.all(needed.map(async (entry) => ((await canListen(entry)) ? null : entry)));
  return results.filter((entry): entry is NeededPort => entry !== null);
}

function canListen({ port, host }: NeededPort): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A port free on 127.0.0.1 right now, for a server of one's own (tests, the Postgres 18 run). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
