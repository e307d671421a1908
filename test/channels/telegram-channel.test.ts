import { randomInt, randomUUID } from 'node:crypto';
import { createTelegramClient } from '../../channels/telegram/client';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { readEvents } from '../support/sse';
import { startTelegramStandIn, type TelegramStandIn } from '../support/standins/telegram-api';
import { eventually } from '../support/temporal';

const BOT_TOKEN = '123456:TEST-token_for-the-stand-in';
const SECRET = 'webhook-secret_0123456789';

let telegram: TelegramStandIn;
let api: TestApi;
let updateId = randomInt(1_000_000, 2_000_000);

beforeAll(async () => {
  telegram = await startTelegramStandIn(BOT_TOKEN);
  api = await startTestApi({
    worker: { triggerPolicy: PATIENT_POLICY, channelSenders: { telegram: createTelegramClient({ apiBase: telegram.url, botToken: BOT_TOKEN }) } },
    channels: { telegram: { webhookSecret: SECRET, botToken: BOT_TOKEN, apiBase: telegram.url } },
  });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(async () => {
  await api.stop();
  await telegram.close();
});

const newChat = () => randomInt(10_000_000, 99_999_999);

function textUpdate(chatId: number, text: string, id = ++updateId) {
  return {
    update_id: id,
    message: { message_id: id, date: 1_700_000_000, chat: { id: chatId, type: 'private', first_name: '小明' }, from: { id: chatId, is_bot: false, first_name: '小明', language_code: 'zh-hans' }, text },
  };
}

function tapUpdate(chatId: number, data: string, messageId: number) {
  const id = ++updateId;
  return {
    update_id: id,
    callback_query: { id: `cb-${id}`, chat_instance: 'x', data, from: { id: chatId, is_bot: false, first_name: '小明' }, message: { message_id: messageId, date: 1_700_000_000, chat: { id: chatId, type: 'private' } } },
  };
}

const post = (body: unknown, secret: string | null = SECRET) =>
  api.call('POST', '/channels/telegram/webhook', { body, auth: null, headers: secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret } });

/** What Telegram was asked to show in one chat, oldest first. */
const shown = (chatId: number) => telegram.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId)).map((c) => String(c.body.text));
const waitForText = (chatId: number, pattern: RegExp) =>
  eventually(async () => shown(chatId).find((text) => pattern.test(text)), 20_000);
const customerMessages = async (chatId: number) =>
  Number((await api.testDb.db.query(`select count(*) from messages m join conversations c on c.id = m.conversation_id where c.customer_id = $1 and m.sender = 'customer'`, [`telegram:${chatId}`])).rows[0].count);

/** Telegram has been asked nothing for a second: every delivery under way is done. */
async function settled() {
  for (let count = -1; count !== telegram.calls.length; ) {
    count = telegram.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function agent(name: string) {
  const id = `agent-${randomUUID()}`;
  await api.call('POST', '/v1/agents', { body: { id, name, skills: [{ name: 'general', level: 3 }], capacity: 2, status: 'available', channels: ['telegram'] } });
  return id;
}

describe('the Telegram channel', () => {
  it('runs a whole handoff through the Bot API: bot answer, transfer and place in line, the agent by name, their reply, the end', async () => {
    const chat = newChat();
    const first = await post(textUpdate(chat, '你好'));
    expect(first.status).toBe(200);
    const conversationId = first.body.conversationId as string;
    // The bot's answer arrives in the chat, with its quick replies as buttons, after "typing…".
    await waitForText(chat, /./);
    expect(telegram.calls.some((c) => c.method === 'sendChatAction' && c.body.action === 'typing')).toBe(true);
    const answer = telegram.calls.find((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat))!;
    expect(answer.body.reply_markup).toMatchObject({ inline_keyboard: expect.any(Array) });

    await post(textUpdate(chat, '我要转人工'));
    await waitForText(chat, /^正在为您转接人工客服/);
    await waitForText(chat, /^您是第\d+位/);

    const agentId = await agent('小周');
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.assignment?.status === 'offered' ? true : undefined));
    expect((await api.call('POST', `/v1/conversations/${conversationId}/accept`, { body: { agentId } })).status).toBe(200);
    await waitForText(chat, /^人工客服小周已加入对话/);

    expect((await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: '您好，我是小周，请问订单号是多少？' } })).status).toBe(200);
    await waitForText(chat, /^您好，我是小周/);
    // The customer's answer reaches the agent, not the bot.
    await post(textUpdate(chat, 'A-1001'));
    expect((await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages.at(-1)).toMatchObject({ from: 'customer', text: 'A-1001' });

    expect((await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: { agentId } })).status).toBe(200);
    await waitForText(chat, /^本次服务已结束/);
    // In order, as they were said.
    const said = shown(chat);
    const order = [/^正在为您转接/, /^您是第\d+位/, /^人工客服小周/, /^您好，我是小周/, /^本次服务已结束/].map((p) => said.findIndex((t) => p.test(t)));
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // Every message the customer saw is marked delivered in the transcript.
    const transcript = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as Array<{ from: string; delivery?: { status: string } }>;
    await eventually(async () => {
      const messages = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as typeof transcript;
      return messages.filter((m) => m.from !== 'customer').every((m) => m.delivery?.status === 'sent') ? true : undefined;
    });

    // After the end, the next message opens a new conversation for the same chat.
    const again = await post(textUpdate(chat, '还有一个问题'));
    expect(again.body.conversationId).not.toBe(conversationId);
  }, 60_000);

  it('refuses a forged or missing secret with 401 and stores nothing', async () => {
    const chat = newChat();
    expect((await post(textUpdate(chat, '你好'), 'wrong-secret')).status).toBe(401);
    expect((await post(textUpdate(chat, '你好'), null)).status).toBe(401);
    expect(await customerMessages(chat)).toBe(0);
  });

  it('stores a redelivered update once', async () => {
    const chat = newChat();
    const update = textUpdate(chat, '在吗');
    const [a, b] = await Promise.all([post(update), post(update)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await post(update);
    expect(c.body).toMatchObject({ duplicate: true, conversationId: a.body.conversationId });
    expect(await customerMessages(chat)).toBe(1);
  });

  it('answers malformed updates with 400 and ignores what is not for it with 200', async () => {
    expect((await post({ update_id: 'x' })).status).toBe(400);
    expect((await post({ update_id: ++updateId, message: { message_id: 1, chat: { id: 5, type: 'group' }, from: { id: 5 }, text: 'hi' } })).body).toMatchObject({ ignored: expect.any(String) });
    const raw = await api.call('POST', '/channels/telegram/webhook', { rawBody: '{"update_id":', auth: null, headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } });
    expect(raw.status).toBe(400);
  });

  it('takes a NUL or a broken surrogate from Telegram without losing the message', async () => {
    const chat = newChat();
    expect((await post(textUpdate(chat, 'hello\u0000 \ud800 there'))).status).toBe(200);
    const stored = await api.testDb.db.query(`select text from messages m join conversations c on c.id = m.conversation_id where c.customer_id = $1 and sender = 'customer'`, [`telegram:${chat}`]);
    expect(stored.rows[0].text).toBe('hello \ufffd there');
  });

  it('stores a photo as a placeholder with its caption, so the agent knows it came', async () => {
    const chat = newChat();
    const update = { update_id: ++updateId, message: { message_id: 9, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: '小明' }, caption: '我的收据', photo: [{ file_id: 'AgAC', file_unique_id: 'AQAD', width: 90, height: 67 }] } };
    expect((await post(update)).status).toBe(200);
    const stored = await api.testDb.db.query(`select text from messages m join conversations c on c.id = m.conversation_id where c.customer_id = $1 and sender = 'customer'`, [`telegram:${chat}`]);
    expect(stored.rows.map((row) => row.text)).toEqual(['[图片 photo] 我的收据']);
  });

  it('hands over when the customer taps the button for a person, and stops the spinner', async () => {
    const chat = newChat();
    const first = await post(textUpdate(chat, 'zzzz qqqq'));
    const conversationId = first.body.conversationId as string;
    const answer = await eventually(async () => telegram.calls.find((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat)));
    const buttons = (answer.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
    const person = buttons.find((b) => /人工/.test(b.text))!;
    const tap = tapUpdate(chat, person.callback_data, 1);
    expect((await post(tap)).status).toBe(200);
    expect(telegram.calls.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === tap.callback_query.id)).toBe(true);
    await waitForText(chat, /^正在为您转接人工客服/);
    expect((await api.call('GET', `/v1/conversations/${conversationId}`)).body.escalation).toMatchObject({ trigger: 'menu' });
    // Someone else's tap on that button (a forged chat) does nothing.
    const other = newChat();
    expect((await post(tapUpdate(other, person.callback_data, 1))).status).toBe(200);
  }, 30_000);

  it('keeps one conversation however the customer’s Telegram language changes', async () => {
    const chat = newChat();
    const update = (text: string, language: string) => {
      const u = textUpdate(chat, text);
      u.message.from.language_code = language;
      return u;
    };
    const first = await post(update('hallo', 'de'));
    const second = await post(update('hello', 'en'));
    const third = await post(update('你好', 'zh-hant'));
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(new Set([first.body.conversationId, second.body.conversationId, third.body.conversationId]).size).toBe(1);
  });

  it('hands a redelivered message to the next conversation when the first attempt stored it and the conversation ended before the retry', async () => {
    const chat = newChat();
    const first = await post(textUpdate(chat, '你好'));
    const closed = first.body.conversationId as string;
    // A first attempt that stored the message and recorded it, then failed before the workflow heard of it.
    const lostUpdate = textUpdate(chat, '还有一个问题');
    const stored = await api.testDb.db.query(
      `insert into messages (id, conversation_id, sender, text, dedupe_key) values (gen_random_uuid(), $1, 'customer', '还有一个问题', $2) returning id`,
      [closed, `customer:telegram:update:${lostUpdate.update_id}`],
    );
    await api.testDb.db.query(`insert into channel_inbound (channel, provider_id, conversation_id, message_id) values ('telegram', $1, $2, $3)`, [`update:${lostUpdate.update_id}`, closed, stored.rows[0].id]);
    expect((await api.call('POST', `/v1/conversations/${closed}/resolve`, { body: {} })).status).toBe(200);
    const retried = await post(lostUpdate);
    expect(retried.status).toBe(200);
    expect(retried.body.conversationId).not.toBe(closed);
    const messages = (await api.call('GET', `/v1/conversations/${retried.body.conversationId}/messages`)).body.messages as Array<{ from: string; text: string }>;
    expect(messages.filter((m) => m.from === 'customer').map((m) => m.text)).toEqual(['还有一个问题']);
    // And a further redelivery is answered as the duplicate it is.
    expect((await post(lostUpdate)).body).toMatchObject({ duplicate: true, conversationId: retried.body.conversationId });
  }, 30_000);

  it('never holds the customer’s replies back behind a company webhook that does not answer', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook`;
    const webhook = (await api.call('POST', '/v1/webhooks', { body: { url, channels: ['telegram'] } })).body.id as string;
    try {
      const chat = newChat();
      await post(textUpdate(chat, '你好'));
      await waitForText(chat, /./);
      const before = shown(chat).length;
      const sentAt = Date.now();
      await post(textUpdate(chat, '在吗'));
      await eventually(async () => (shown(chat).length > before ? true : undefined), 5_000);
      expect(Date.now() - sentAt).toBeLessThan(5_000);
    } finally {
      await api.call('DELETE', `/v1/webhooks/${webhook}`);
      silent.closeAllConnections();
      silent.close();
    }
  }, 30_000);

  it('waits out a rate limit as Telegram asks, then delivers', async () => {
    const chat = newChat();
    await settled();
    telegram.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await post(textUpdate(chat, '你好'));
    await waitForText(chat, /./);
    const refused = telegram.calls.filter((c) => c.method === 'sendMessage' && c.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('marks a message the customer cannot get as failed, with why, in the transcript and on the console stream', async () => {
    const chat = newChat();
    const first = await post(textUpdate(chat, '我要转人工'));
    const conversationId = first.body.conversationId as string;
    await waitForText(chat, /^您是第\d+位/);
    const agentId = await agent('小李');
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.assignment?.status === 'offered' ? true : undefined));
    await api.call('POST', `/v1/conversations/${conversationId}/accept`, { body: { agentId } });
    await waitForText(chat, /^人工客服小李/);

    const deliveryOf = async (messageId: string) => {
      const messages = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as Array<{ id: string; delivery?: { status: string; reason: string } }>;
      const delivery = messages.find((m) => m.id === messageId)?.delivery;
      return delivery?.status === 'failed' ? delivery : undefined;
    };
    // Earlier tests' last replies are out first, so the refusal below is this message's.
    await settled();
    // Blocked: no retry can help, so it is failed at once, with Telegram's reason in words.
    telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    const sentBlocked = await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: '还在吗？' } });
    expect(sentBlocked.status).toBe(200);
    const blocked = sentBlocked.body.messageId as string;
    expect((await eventually(() => deliveryOf(blocked))).reason).toMatch(/blocked the bot/);
    // Down: retried (three attempts here, 1 s and 2 s apart), then failed.
    await telegram.setDown(502);
    const lost = (await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: '我稍后再联系您' } })).body.messageId;
    expect((await eventually(() => deliveryOf(lost), 30_000)).reason).toMatch(/502/);
    expect(telegram.calls.filter((c) => c.method === 'sendMessage' && c.body.text === '我稍后再联系您' && c.status === 200)).toHaveLength(0);

    // The console's stream says so too.
    const events = await readEvents(api, `/v1/conversations/${conversationId}/events`, (seen) => seen.filter((e) => e.event === 'delivery' && e.data.status === 'failed').length >= 2);
    expect(events.filter((e) => e.event === 'delivery' && e.data.status === 'failed').map((e) => e.data.messageId).sort()).toEqual([blocked, lost].sort());
    await telegram.setDown(false);
  }, 60_000);
});
