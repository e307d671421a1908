import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { seedDemoData } from '../../demo/seed';
import { startTestApi, type TestApi } from '../support/api';
import { collectPageErrors, launchBrowser, screenshot, SCREENSHOTS } from '../support/browser';
import { eventually } from '../support/temporal';
import { PATIENT_POLICY } from '../support/policies';

/**
 * The whole handoff as people do it, in a real browser (Debian's chromium): a customer on the demo
 * shop's widget, an agent and a supervisor in the console, each in a browser context of their own.
 */
jest.setTimeout(240_000);

// What the page scripts below (run in the browser by playwright) see; the test's own program has no DOM.
declare const window: any;
declare const localStorage: any;
declare const sessionStorage: any;
type NotificationOptions = { body?: string };

let api: TestApi;
let browser: Browser;
const keys: Record<string, string> = {};
const saved: string[] = [];
/** What each page threw or printed as an error. */
const pageErrors: string[][] = [];

/** Someone in a browser of their own: cookies, storage and permissions apart from everyone else's. */
async function person(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['notifications'], { origin: api.baseUrl });
  // Records every browser notification the page shows, to prove an offer announced itself.
  await context.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    window.__notifications = shown;
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded });
  });
  const page = await context.newPage();
  pageErrors.push(collectPageErrors(page));
  return { context, page };
}

async function shot(page: Page, name: string): Promise<void> {
  saved.push(await screenshot(page, name));
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${api.baseUrl}/console`);
  await page.getByLabel(/Agent or supervisor key|客服或主管密钥|密鑰|密钥/).fill(key);
  await page.getByRole('button', { name: /^(Sign in|登录|登入)$/ }).click();
}

const widget = (page: Page) => page.locator('[data-baton-widget]');

async function openWidget(page: Page, locale: string): Promise<void> {
  await page.goto(`${api.baseUrl}/demo?lang=${locale}`);
  await widget(page).getByRole('button', { name: /Chat with customer service|联系在线客服|聯絡線上客服/ }).click();
}

async function customerSays(page: Page, text: string): Promise<void> {
  const box = widget(page).getByRole('textbox', { name: /Your message|输入消息|輸入訊息/ });
  await box.fill(text);
  await box.press('Enter');
}

/** How many times a text appears in the widget's transcript: once, never lost, never doubled. */
const timesInWidget = (page: Page, text: string) => widget(page).getByRole('log').getByText(text, { exact: true }).count();
const timesInConsole = (page: Page, text: string) => page.getByRole('log').getByText(text, { exact: true }).count();

beforeAll(async () => {
  api = await startTestApi({ demo: true, offerPolicy: { timeoutSeconds: 120, awayAfterMissed: 3 }, worker: { triggerPolicy: PATIENT_POLICY } });
  await seedDemoData(api.testDb.db);
  for (const [agentId, role] of [['li-na', 'agent'], ['tom', 'agent'], ['zhang-wei', 'supervisor']] as const) {
    keys[agentId] = (await api.call('POST', '/v1/keys', { body: { role, agentId } })).body.key;
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  process.stdout.write(`\nBrowser screenshots (${saved.length}) are in ${SCREENSHOTS}\n`);
});

describe('a customer and an agent, each in a browser', () => {
  it('hand over, reply, survive reloads on both sides, and lose or double nothing', async () => {
    // 李娜 can take one conversation and holds one already: the customer will wait in line, with an estimate.
    await api.call('POST', '/v1/agents', {
      body: { id: 'li-na', name: '李娜', capacity: 1, languages: ['zh'], skills: ['general', 'orders', 'billing', 'account', 'complaints'].map((name) => ({ name, level: 3 })), status: 'available' },
    });
    const filler = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'zh-CN' }, channel: 'web' } })).body.id;
    await api.call('POST', `/v1/conversations/${filler}/takeover`, { body: { agentId: 'li-na' } });

    const customer = await person('zh-CN');
    await openWidget(customer.page, 'zh-CN');
    await shot(customer.page, 'widget-open-zh-CN');
    await customerSays(customer.page, '我的订单还没到，已经一个星期了');
    await widget(customer.page).getByText(/包裹|物流|订单/).nth(1).waitFor();
    await shot(customer.page, 'widget-bot-zh-CN');

    await widget(customer.page).getByRole('button', { name: '转人工服务' }).first().click();
    await widget(customer.page).getByText('正在为您转接人工客服，请稍候……').first().waitFor();
    await widget(customer.page).getByText(/您是第1位.*预计等待时间/).first().waitFor();
    await shot(customer.page, 'widget-queued-zh-CN');
    const conversationId = await customer.page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i += 1) {
        const name = localStorage.key(i)!;
        if (name.startsWith('baton.widget.')) return (JSON.parse(localStorage.getItem(name)!) as { conversationId?: string }).conversationId ?? null;
      }
      return null;
    });
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    // While waiting, the customer threatens to go to the consumer association: the bot stays silent, the brief hears it.
    await customerSays(customer.page, '再不处理我就去消协投诉你们');

    // The agent signs in; when the filler conversation ends, the waiting customer is offered to her.
    const agent = await person('zh-CN');
    await signIn(agent.page, keys['li-na']!);
    await agent.page.getByRole('heading', { name: '李娜' }).or(agent.page.getByText('李娜').first()).waitFor();
    await api.call('POST', `/v1/conversations/${filler}/resolve`, { body: { agentId: 'li-na' } });
    const accept = agent.page.getByRole('button', { name: /^(接入|Accept)/ }).first();
    await accept.waitFor({ timeout: 30_000 });
    await shot(agent.page, 'console-offer-zh-CN');
    // The offer announced itself with a browser notification.
    await eventually(async () => ((await agent.page.evaluate(() => window.__notifications.length)) > 0 ? true : undefined));
    await accept.click();

    // The brief beside the conversation: who the customer is and why the bot handed over.
    await agent.page.getByText('王小明').first().waitFor();
    await agent.page.getByText('VIP').first().waitFor();
    await agent.page.getByText('我的订单还没到，已经一个星期了').first().waitFor();
    await agent.page.getByRole('heading', { name: '等待期间' }).waitFor();
    await agent.page.getByText('法律威胁').first().waitFor();
    const reply = '您好，我是李娜，马上为您查询订单物流。';
    const composer = agent.page.getByRole('textbox', { name: /回复客户|Reply to the customer/ });
    await composer.fill(reply);
    await composer.press('Enter');
    await shot(agent.page, 'console-conversation-zh-CN');

    await widget(customer.page).getByText(reply).waitFor();
    await widget(customer.page).getByText(/李娜/).first().waitFor();
    await shot(customer.page, 'widget-agent-zh-CN');

    // Reload both sides mid-conversation: the same conversation, each message once.
    await customer.page.reload();
    await widget(customer.page).getByText(reply).waitFor();
    await agent.page.reload();
    await agent.page.getByRole('log').getByText(reply).waitFor();
    await customerSays(customer.page, '好的，谢谢您');
    await agent.page.getByRole('log').getByText('好的，谢谢您').waitFor();
    await customer.page.waitForTimeout(1_000);
    expect(await timesInWidget(customer.page, reply)).toBe(1);
    expect(await timesInWidget(customer.page, '好的，谢谢您')).toBe(1);
    expect(await timesInWidget(customer.page, '我的订单还没到，已经一个星期了')).toBe(1);
    expect(await timesInConsole(agent.page, reply)).toBe(1);
    expect(await timesInConsole(agent.page, '好的，谢谢您')).toBe(1);
    await shot(customer.page, 'widget-after-reload-zh-CN');
    await shot(agent.page, 'console-after-reload-zh-CN');

    // What the widget showed is what the server stored, in order.
    const stored = await api.call('GET', `/v1/conversations/${conversationId}/messages`);
    const texts = stored.body.messages.map((m: { text: string }) => m.text);
    expect(texts.filter((text: string) => text === reply)).toHaveLength(1);

    // An agent key cannot open a colleague's conversation, even by asking the API from the console.
    const toms = (await api.call('POST', '/v1/conversations', { body: { customer: { id: `c-${randomUUID()}`, locale: 'en' }, channel: 'web' } })).body.id;
    await api.call('PUT', '/v1/agents/tom/status', { body: { status: 'available' } });
    await api.call('POST', `/v1/conversations/${toms}/takeover`, { body: { agentId: 'tom' } });
    const refused = await agent.page.evaluate(async (id) => {
      const key = sessionStorage.getItem('baton.console.key');
      const response = await fetch(`/v1/conversations/${id}/messages`, { headers: { Authorization: `Bearer ${key}` } });
      return response.status;
    }, toms);
    expect(refused).toBe(403);
    await agent.page.evaluate((id) => sessionStorage.setItem('baton.console.open', id), toms);
    await agent.page.reload();
    await agent.page.getByText(/不是分配给您的|not assigned to you|無權|无权/).first().waitFor();
    await shot(agent.page, 'console-refused-zh-CN');

    // The agent resolves; the customer sees the end.
    await agent.page.evaluate((id) => sessionStorage.setItem('baton.console.open', id), conversationId!);
    await agent.page.reload();
    await agent.page.getByRole('button', { name: /^(结束会话|Resolve)$/ }).click();
    const confirm = agent.page.getByRole('dialog').getByRole('button', { name: /^(结束会话|确认结束|Resolve)$/ });
    if (await confirm.count()) await confirm.click();
    await widget(customer.page).getByRole('button', { name: '开始新的对话' }).waitFor();
    await shot(customer.page, 'widget-resolved-zh-CN');
    await customer.context.close();
    await agent.context.close();
  });
});

describe('a supervisor in the console', () => {
  it('watches live bot conversations by risk and takes one over; the bot stops at once', async () => {
    await api.call('PUT', '/v1/agents/zhang-wei/status', { body: { status: 'available' } });
    const upset = (await api.call('POST', '/v1/conversations', { body: { customer: { id: 'c-1001', locale: 'en' }, channel: 'web' } })).body.id;
    for (const text of ['my order is late', 'this is useless, nothing you say helps', 'I am really angry now']) {
      await api.call('POST', `/v1/conversations/${upset}/messages`, { body: { text } });
    }

    const supervisor = await person('en-US');
    await signIn(supervisor.page, keys['zhang-wei']!);
    await supervisor.page.getByRole('tab', { name: /Live bots/ }).click();
    const takeOver = supervisor.page.getByRole('button', { name: /Take over/ }).first();
    await takeOver.waitFor();
    await shot(supervisor.page, 'console-live-bots-en');
    await supervisor.page.getByRole('tab', { name: /Agents/ }).click();
    await supervisor.page.getByText('Tom Baker').first().waitFor();
    await shot(supervisor.page, 'console-agents-en');
    await supervisor.page.getByRole('tab', { name: /Live bots/ }).click();
    await supervisor.page.getByRole('button', { name: /Take over/ }).first().click();
    const confirm = supervisor.page.getByRole('dialog').getByRole('button', { name: /Take over/ });
    if (await confirm.count()) await confirm.click();

    await eventually(async () => ((await api.call('GET', `/v1/conversations/${upset}`)).body.state === 'agent_assigned' ? true : undefined));
    const after = await api.call('POST', `/v1/conversations/${upset}/messages`, { body: { text: 'hello?' } });
    expect(after.body.replies.filter((m: { from: string }) => m.from === 'bot')).toEqual([]);
    await supervisor.page.getByRole('log').getByText('hello?').waitFor();
    await shot(supervisor.page, 'console-taken-over-en');

    // The state chart, the machine's own, with the conversation's state marked.
    await supervisor.page.getByRole('tab', { name: /State chart/ }).click();
    await supervisor.page.locator('svg .current, svg g.current').first().waitFor({ timeout: 20_000 });
    await shot(supervisor.page, 'console-state-chart-en');
    await supervisor.context.close();
  });
});

describe('the pages', () => {
  it('threw no errors and printed none', () => {
    expect(pageErrors.flat().filter((error) => !/Failed to load resource.*40[34]/.test(error))).toEqual([]);
  });
});
