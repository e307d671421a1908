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
