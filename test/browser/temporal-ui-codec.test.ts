import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../api/app';
import { createWakeups } from '../../api/wakeups';
import { parseCodecKeys } from '../../config/codec-keys';
import { createLogger } from '../../observability/logger';
import { resolveTemporalCli } from '../../temporal/cli';
import { encryptionCodec } from '../../temporal/codec';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { TEST_API_KEY, testAppContext } from '../support/api';
import { launchBrowser, screenshot } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestWorker, testCodecKeys, type TestWorker } from '../support/temporal';
import { TEST_ENV } from '../support/test-env';

/**
 * The Temporal Web UI itself, in a real browser (Debian's chromium), decoding Baton's encrypted
 * history through the API's `/codec`: a Temporal dev server of this file's own, with its UI and
 * `--ui-codec-endpoint` pointed at an API on a free port, as `npm start` runs them. The UI sends
 * the codec sign-in cookie only with include-credentials on, which `temporal server start-dev`
 * has no flag for, so the browser turns it on in the UI's own codec settings (its local storage).
 */
jest.setTimeout(240_000);

declare const localStorage: { setItem(key: string, value: string): void };

const SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'screens', 'temporal-ui-decoded.png');
/** What the customer writes: only a decoded history can show it. */
const CUSTOMER_TEXT = `Codec check ${randomBytes(3).toString('hex')}: 我的订单号 SO-20261202-0917，请回电 139 0000 3333`;

let dataDir: string;
let devServer: DevServer;
let testDb: TestDatabase;
let worker: TestWorker;
let server: Server;
let browser: Browser;
let supervisorKey: string;
let apiUrl: string;
let uiUrl: string;
let historyPath: string;
const previousTemporalAddress = process.env[TEST_ENV.temporalAddress];

/** A port nothing listens on, in the range this suite may use. */
async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port += 1) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createTcpServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

beforeAll(async () => {
  const cli = resolveTemporalCli({ configured: process.env.TEMPORAL_CLI, install: false });
  if (!cli) throw new Error('the temporal CLI is missing');
  // The API listens first, so the dev server can be told where its codec is; it answers once the worker is up.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  const apiPort = await freePort(3700, 3799);
  await new Promise<void>((resolve) => server.listen(apiPort, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${apiPort}`;

  const port = await freePort(7700, 7799);
  const uiPort = await freePort(8700, 8799);
  dataDir = path.join('/tmp/h4', `temporal-ui-${randomBytes(4).toString('hex')}`);
  mkdirSync(dataDir, { recursive: true });
  devServer = await startDevServer({ cli, dataDir, namespace: 'default', port, uiPort, codecEndpoint: `${apiUrl}/codec` });
  uiUrl = devServer.uiUrl;

  // The worker and the API's client on this dev server, not the run's shared one (which has no UI).
  process.env[TEST_ENV.temporalAddress] = devServer.address;
  testDb = await createTestDatabase();
  worker = await startTestWorker(testDb.db);
  const wakeups = createWakeups(testDb.db, createLogger('silent'));
  const app = createApp(testAppContext({
    db: testDb.db,
    temporal: worker.client,
    taskQueue: worker.taskQueue,
    notifyOutbox: worker.notifyOutbox,
    channels: { publicUrl: apiUrl },
    wakeups,
    codecEndpoint: { codec: encryptionCodec(parseCodecKeys(testCodecKeys())), allowedOrigins: [uiUrl, uiUrl.replace('127.0.0.1', 'localhost')] },
  }));
  handler = app;
  server.once('close', () => void wakeups.close());

  supervisorKey = (await call('POST', '/v1/keys', { role: 'supervisor' })).key;
  const conversation = await call('POST', '/v1/conversations', { customer: { id: `c-${randomUUID()}` }, channel: 'web' });
  await call('POST', `/v1/conversations/${conversation.id}/messages`, { text: CUSTOMER_TEXT });
  const workflowId = `conversation-${conversation.id}`;
  const { runId } = await worker.client.workflow.getHandle(workflowId).describe();
  historyPath = `/namespaces/default/workflows/${workflowId}/${runId}/history`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await worker?.stop();
  await testDb?.drop();
  await devServer?.stop();
  if (previousTemporalAddress === undefined) delete process.env[TEST_ENV.temporalAddress];
  else process.env[TEST_ENV.temporalAddress] = previousTemporalAddress;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A browser of its own, with the UI's codec settings as an operator sets them: include credentials. */
async function operatorBrowser(): Promise<{ context: BrowserContext; page: Page; decodeAnswers: number[] }> {
  const context = await browser.newContext({ locale: 'en', viewport: { width: 1680, height: 1000 } });
  // The UI's "Codec Server" settings, as its dialog saves them: this endpoint, include cross-origin
  // credentials, and use the browser's setting over the server's (which cannot say include-credentials).
  await context.addInitScript((endpoint) => {
    localStorage.setItem('endpoint', JSON.stringify(endpoint));
    localStorage.setItem('includeCredentials', 'true');
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
  }, `${apiUrl}/codec`);
  const page = await context.newPage();
  const decodeAnswers: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/codec/decode' && response.request().method() === 'POST') decodeAnswers.push(response.status());
  });
  return { context, page, decodeAnswers };
}

/** Opens the conversation's history in the Temporal UI, once the UI has asked the codec, with the customer's update expanded. */
async function openHistory(page: Page, decodeAnswers: number[]): Promise<void> {
  await page.goto(`${uiUrl}${historyPath}`);
  await page.getByText('Workflow Execution Started').first().waitFor({ timeout: 60_000 });
  await expectEventually(() => decodeAnswers.length > 0);
  const before = decodeAnswers.length;
  await page.getByText('Workflow Execution Update Accepted').first().click();
  // The UI decodes the expanded event's payloads as it draws them.
  await expectEventually(() => decodeAnswers.length > before, 10_000);
  await page.getByText('Accepted Request', { exact: true }).first().waitFor();
}

const pageText = (page: Page) => page.locator('body').innerText();

async function expectEventually(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the Temporal UI, reading Baton\'s encrypted history', () => {
  it('shows the history still encrypted to a browser that has not signed in', async () => {
    const { context, page, decodeAnswers } = await operatorBrowser();
    await openHistory(page, decodeAnswers);
    // The expanded update shows its argument sealed: encoding `binary/encrypted`, in base64.
    await page.getByText(Buffer.from('binary/encrypted').toString('base64')).first().waitFor();
    expect(decodeAnswers.length).toBeGreaterThan(0);
    expect(decodeAnswers.every((status) => status === 401)).toBe(true);
    const shown = await pageText(page);
    expect(shown).not.toContain(CUSTOMER_TEXT.slice(0, 20));
    // Not even the workflow's input (the conversation's settings, no customer data) opens.
    expect(shown).not.toContain('queueRecheckSeconds');
    await context.close();
  });

  it('shows what the customer wrote once an operator signed in at /codec/sign-in', async () => {
    const { context, page, decodeAnswers } = await operatorBrowser();
    await page.goto(`${apiUrl}/codec/sign-in?lang=en`);
    await page.getByLabel('Supervisor key or service key').fill(supervisorKey);
    await page.getByRole('button', { name: 'Sign in for the Temporal UI' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in as Supervisor' }).waitFor();
    await screenshot(page, 'codec-sign-in');

    await openHistory(page, decodeAnswers);
    await page.getByText(CUSTOMER_TEXT.slice(0, 20), { exact: false }).first().waitFor({ timeout: 30_000 });
    expect(await pageText(page)).toContain('queueRecheckSeconds');
    expect(decodeAnswers).toContain(200);
    expect(decodeAnswers).not.toContain(401);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.getByText(CUSTOMER_TEXT.slice(0, 20), { exact: false }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT });
    await context.close();
  });
});
