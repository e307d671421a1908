import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createWechatClient } from '../../channels/wechat/client';
import { encryptWechat } from '../../channels/wechat/crypto';
import { messageSignature, wechatSignature } from '../../channels/wechat/signature';
import { startTestApi, type TestApi } from '../support/api';
import { PATIENT_POLICY } from '../support/policies';
import { startWechatStandIn, type WechatStandIn } from '../support/standins/wechat-api';
import { eventually } from '../support/temporal';

const TOKEN = 'baton-wechat-token';
const AES_KEY = randomBytes(32).toString('base64').slice(0, 43).replace(/[^A-Za-z0-9]/g, 'a');
const ACCOUNT = 'gh_0123456789ab';

let wechat: WechatStandIn;
let api: TestApi;

beforeAll(async () => {
  wechat = await startWechatStandIn({ appId: 'wx0123456789abcdef', appSecret: 'secret-0123456789' });
  api = await startTestApi({
    worker: {
      triggerPolicy: PATIENT_POLICY,
      channelSenders: { wechat: createWechatClient({ apiBase: wechat.url, appId: wechat.appId, appSecret: wechat.appSecret }) },
    },
    channels: { wechat: { token: TOKEN, appId: wechat.appId, aesKey: AES_KEY } },
  });
});
beforeEach(() => api.testDb.db.query(`update agents set status = 'offline'`));
afterAll(async () => {
  await api.stop();
  await wechat.close();
});

const newOpenId = () => `o${randomBytes(14).toString('base64url')}`;
let msgId = BigInt(randomInt(1, 2 ** 40)) * 1000n;

function textXml(openId: string, content: string, id = ++msgId, menuId?: string) {
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${id}</MsgId>${menuId ? `<bizmsgmenuid>${menuId}</bizmsgmenuid>` : ''}</xml>`;
}

/** A push as WeChat sends it: signed in the query; in safe mode encrypted, with msg_signature over the ciphertext. */
function push(xml: string, { safe = true, token = TOKEN, to = api }: { safe?: boolean; token?: string; to?: TestApi } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9));
  const query = new URLSearchParams({ signature: wechatSignature(token, timestamp, nonce), timestamp, nonce, openid: 'x' });
  let body = xml;
  if (safe) {
    const encrypted = encryptWechat(AES_KEY, xml, wechat.appId);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', messageSignature(token, timestamp, nonce, encrypted));
    body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  }
  return to.call('POST', `/channels/wechat?${query}`, { rawBody: body, auth: null, headers: { 'Content-Type': 'text/xml' } });
}

const sentTo = (openId: string) =>
  wechat.sent.filter((m) => m.touser === openId).map((m) => (m.msgtype === 'msgmenu' ? (m.msgmenu as { head_content: string }).head_content : (m.text as { content: string }).content));
const waitForText = (openId: string, pattern: RegExp) => eventually(async () => sentTo(openId).find((t) => pattern.test(t)), 20_000);
const conversationOf = async (openId: string) =>
  (await api.testDb.db.query(`select id from conversations where customer_id = $1 order by created_at desc limit 1`, [`wechat:${openId}`])).rows[0]?.id as string | undefined;
const customerMessages = async (openId: string) =>
  Number((await api.testDb.db.query(`select count(*) from messages m join conversations c on c.id = m.conversation_id where c.customer_id = $1 and m.sender = 'customer'`, [`wechat:${openId}`])).rows[0].count);

describe('the WeChat Official Account channel', () => {
  it('answers the server-URL check with echostr, and refuses a wrong signature', async () => {
    const timestamp = '1409304348';
    const nonce = 'xxxxxx';
    const good = new URLSearchParams({ signature: wechatSignature(TOKEN, timestamp, nonce), timestamp, nonce, echostr: '4927017399521283' });
    expect(await api.call('GET', `/channels/wechat?${good}`, { auth: null })).toMatchObject({ status: 200, body: '4927017399521283' });
    good.set('signature', wechatSignature('another-token', timestamp, nonce));
    expect((await api.call('GET', `/channels/wechat?${good}`, { auth: null })).status).toBe(401);
  });

  it('runs a whole handoff in safe mode: bot answer, transfer and place in line, the agent, their reply, the end — all through the customer-service API', async () => {
    const openId = newOpenId();
    const first = await push(textXml(openId, '你好'), { safe: true });
    expect(first).toMatchObject({ status: 200, body: 'success' });
    await waitForText(openId, /./);
    // A bot answer with choices goes out as a tappable menu.
    expect(wechat.sent.find((m) => m.touser === openId)).toMatchObject({ msgtype: 'msgmenu' });

    await push(textXml(openId, '转人工'), { safe: true });
    await waitForText(openId, /^正在为您转接人工客服/);
    await waitForText(openId, /^您是第\d+位/);
    const conversationId = (await conversationOf(openId))!;

    const agentId = `agent-${randomUUID()}`;
    await api.call('POST', '/v1/agents', { body: { id: agentId, name: '小王', skills: [{ name: 'general', level: 3 }], capacity: 2, status: 'available', channels: ['wechat'] } });
    await eventually(async () => ((await api.call('GET', `/v1/conversations/${conversationId}`)).body.assignment?.status === 'offered' ? true : undefined));
    await api.call('POST', `/v1/conversations/${conversationId}/accept`, { body: { agentId } });
    await waitForText(openId, /^人工客服小王已加入对话/);
    await api.call('POST', `/v1/conversations/${conversationId}/agent-messages`, { body: { agentId, text: '您好，请问有什么可以帮您？' } });
    await waitForText(openId, /^您好，请问有什么/);
    await api.call('POST', `/v1/conversations/${conversationId}/resolve`, { body: { agentId } });
    await waitForText(openId, /^本次服务已结束/);
    // One access token served every send.
    expect(wechat.tokenRequests).toBe(1);
  }, 60_000);

  it('refuses a plain push while safe mode is configured: its signature does not cover the body', async () => {
    const openId = newOpenId();
    expect((await push(textXml(openId, '你好'), { safe: false })).status).toBe(401);
    expect(await customerMessages(openId)).toBe(0);
  });

  it('stores WeChat’s three retries of one MsgId once', async () => {
    const openId = newOpenId();
    const xml = textXml(openId, '在吗');
    const answers = await Promise.all([push(xml), push(xml), push(xml)]);
    expect(answers.map((a) => a.body)).toEqual(['success', 'success', 'success']);
    expect(await customerMessages(openId)).toBe(1);
  });

  it('takes plain-mode pushes on an account without safe mode', async () => {
    const plain = await startTestApi({
      worker: { triggerPolicy: PATIENT_POLICY, channelSenders: { wechat: createWechatClient({ apiBase: wechat.url, appId: wechat.appId, appSecret: wechat.appSecret }) } },
      channels: { wechat: { token: TOKEN, appId: wechat.appId, aesKey: null } },
    });
    try {
      const openId = newOpenId();
      const xml = textXml(openId, '你好');
      expect((await push(xml, { safe: false, to: plain })).body).toBe('success');
      expect((await push(xml, { safe: false, to: plain })).body).toBe('success');
      await waitForText(openId, /./);
      const count = await plain.testDb.db.query(`select count(*) from messages m join conversations c on c.id = m.conversation_id where c.customer_id = $1 and m.sender = 'customer'`, [`wechat:${openId}`]);
      expect(Number(count.rows[0].count)).toBe(1);
    } finally {
      await plain.stop();
    }
  }, 30_000);

  it('refuses a forged signature, a forged msg_signature and a tampered ciphertext, storing nothing', async () => {
    const openId = newOpenId();
    expect((await push(textXml(openId, '你好'), { token: 'forged' })).status).toBe(401);
    expect((await push(textXml(openId, '你好'), { token: 'forged', safe: false })).status).toBe(401);
    // A correct query signature over a body whose msg_signature is for another ciphertext.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const encrypted = encryptWechat(AES_KEY, textXml(openId, '你好'), wechat.appId);
    const query = new URLSearchParams({ signature: wechatSignature(TOKEN, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: messageSignature(TOKEN, timestamp, nonce, `${encrypted}x`) });
    const body = `<xml><ToUserName>${ACCOUNT}</ToUserName><Encrypt>${encrypted}</Encrypt></xml>`;
    expect((await api.call('POST', `/channels/wechat?${query}`, { rawBody: body, auth: null, headers: { 'Content-Type': 'text/xml' } })).status).toBe(401);
    const tampered = `${encrypted.slice(0, 20)}${encrypted[20] === 'A' ? 'B' : 'A'}${encrypted.slice(21)}`;
    query.set('msg_signature', messageSignature(TOKEN, timestamp, nonce, tampered));
    const answer = await api.call('POST', `/channels/wechat?${query}`, { rawBody: body.replace(encrypted, tampered), auth: null, headers: { 'Content-Type': 'text/xml' } });
    expect(answer.status).toBe(400);
    // Malformed XML is a 400 too, never a 500.
    expect((await push('<xml><MsgType>text</MsgType>')).status).toBe(400);
    expect((await push('<!DOCTYPE x [<!ENTITY a "b">]><xml></xml>')).status).toBe(400);
    expect((await push('not xml at all')).status).toBe(400);
    expect(await customerMessages(openId)).toBe(0);
  });

  it('shows the agent why WeChat refused a reply outside the 48-hour window, without retrying it', async () => {
    const openId = newOpenId();
    await push(textXml(openId, '你好'));
    await waitForText(openId, /./);
    const conversationId = (await conversationOf(openId))!;
    const before = wechat.requests.filter((r) => r.path.endsWith('/custom/send')).length;
    wechat.failNext(1, { errcode: 45015, errmsg: 'response out of time limit' });
    await push(textXml(openId, '还有一个问题'));
    const failed = await eventually(async () => {
      const messages = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as Array<{ from: string; delivery?: { status: string; reason: string } }>;
      return messages.find((m) => m.delivery?.status === 'failed');
    });
    expect(failed.delivery!.reason).toMatch(/48 hours/);
    expect(wechat.requests.filter((r) => r.path.endsWith('/custom/send')).length - before).toBe(1);
  }, 30_000);

  it('retries while WeChat is down, then marks the reply failed', async () => {
    const openId = newOpenId();
    wechat.failNext(3, { status: 503 });
    await push(textXml(openId, '你好'));
    const conversationId = await eventually(() => conversationOf(openId));
    const failed = await eventually(async () => {
      const messages = (await api.call('GET', `/v1/conversations/${conversationId}/messages`)).body.messages as Array<{ from: string; delivery?: { status: string; reason: string } }>;
      return messages.find((m) => m.delivery?.status === 'failed');
    }, 20_000);
    expect(failed.delivery!.reason).toMatch(/503/);
    expect(wechat.requests.filter((r) => r.path.endsWith('/custom/send') && JSON.stringify(r.body).includes(openId))).toHaveLength(3);
  }, 30_000);

  it('turns a tap on a menu item into that choice', async () => {
    const openId = newOpenId();
    await push(textXml(openId, 'zzzz qqqq'));
    const menu = await eventually(async () => wechat.sent.find((m) => m.touser === openId && m.msgtype === 'msgmenu'));
    const items = (menu.msgmenu as { list: Array<{ id: string; content: string }> }).list;
    const person = items.find((item) => /人工|human/.test(item.content))!;
    expect((await push(textXml(openId, person.content, ++msgId, person.id))).body).toBe('success');
    await waitForText(openId, /^(正在为您转接人工客服|Transferring you)/);
    const conversationId = (await conversationOf(openId))!;
    expect((await api.call('GET', `/v1/conversations/${conversationId}`)).body.escalation).toMatchObject({ trigger: 'menu' });
  }, 30_000);
});
