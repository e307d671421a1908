import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type CrmBehaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** A CRM on a local port whose answers each test decides; it counts the requests it got. */
export async function startFakeCrm(): Promise<{
  url: string;
  requests: IncomingMessage[];
  behave: (behaviour: CrmBehaviour) => void;
  stop: () => Promise<void>;
}> {
  const requests: IncomingMessage[] = [];
  let behaviour: CrmBehaviour = (_req, res) => res.writeHead(404).end();
  const server: Server = createServer((req, res) => {
    requests.push(req);
    behaviour(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (body: unknown, status = 200): CrmBehaviour => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

/** Answers only after `ms`: long enough to time a client out. */
export const slow = (ms: number, then: CrmBehaviour): CrmBehaviour => (req, res) => {
  const timer = setTimeout(() => then(req, res), ms);
  res.on('close', () => clearTimeout(timer));
};

export const crmProfile = (id: string) => ({
  id,
  name: 'Ada Lovelace',
  phone: '+44 20 7946 0000',
  email: 'ada@example.com',
  account: { tier: 'platinum', since: '2015-01-01', flags: ['vip'] },
  orders: [{ id: 'SO-1', status: 'shipped', amount: 42.5, currency: 'USD', items: [{ name: 'Keyboard', quantity: 1 }], placedAt: '2026-11-20T10:00:00Z' }],
});
