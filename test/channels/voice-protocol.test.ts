import type { AddressInfo } from 'node:net';
import express from 'express';
import { signTwilioRequest, verifyTwilioRequest } from '../../channels/voice/signature';
import { callLocale, callSpeech } from '../../channels/voice/speech';
import {
  answerAndListen,
  bridgeToAgent,
  greetAndListen,
  leaveQueue,
  sayAndHangUp,
  transferToQueue,
  waitAnnouncement,
} from '../../channels/voice/twiml';
import { parseTwiml, placeCall, type TwimlNode } from '../support/standins/voice-caller';

// Twilio's worked example ("Webhooks security", twilio.com/docs/usage/webhooks/webhooks-security).
const DOCS_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOCS_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const DOCS_SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('the Twilio request signature', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyTwilioRequest>[0]>) =>
    verifyTwilioRequest({ authToken: '12345', url: DOCS_URL, params: DOCS_PARAMS, signature: DOCS_SIGNATURE, ...overrides });

  it('reproduces the example in Twilio’s security docs', () => {
    expect(signTwilioRequest('12345', DOCS_URL, DOCS_PARAMS)).toBe(DOCS_SIGNATURE);
    expect(verify({})).toBe(true);
  });

  it('reproduces the vector in twilio-php’s own RequestValidatorTest', () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
    expect(verify({ params, signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' })).toBe(true);
  });

  it('does not care in which order the parameters arrive', () => {
    const { To, From, Digits, Caller, CallSid } = DOCS_PARAMS;
    expect(verify({ params: { To, From, Digits, Caller, CallSid } })).toBe(true);
  });

  it('fails when a parameter, the URL or the token differs', () => {
    expect(verify({ params: { ...DOCS_PARAMS, Digits: '9999' } })).toBe(false);
    expect(verify({ params: { ...DOCS_PARAMS, SpeechResult: '转人工' } })).toBe(false);
    const { Digits: _dropped, ...withoutDigits } = DOCS_PARAMS;
    expect(verify({ params: withoutDigits })).toBe(false);
    expect(verify({ url: 'https://mycompany.com/myapp.php?foo=1&bar=3' })).toBe(false);
    expect(verify({ url: 'https://evil.example/myapp.php?foo=1&bar=2' })).toBe(false);
    expect(verify({ authToken: '54321' })).toBe(false);
  });

  it('signs a GET by its URL alone, the parameters being in it', () => {
    const url = 'https://baton.example/channels/voice/incoming?CallSid=CA1&From=%2B8613800138000';
    const signature = signTwilioRequest('12345', url, {});
    expect(verify({ url, params: {}, signature })).toBe(true);
    expect(verify({ url: url.split('?')[0], params: { CallSid: 'CA1', From: '+8613800138000' }, signature })).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['missing', undefined],
    ['null', null],
    ['a number', 12345],
    ['a list of signatures', [DOCS_SIGNATURE]],
    ['not base64', '0/KCTR6DLpKmkAf8muzZqo1nDgQ!'],
    ['padded with spaces', ` ${DOCS_SIGNATURE} `],
    ['cut short', DOCS_SIGNATURE.slice(0, 20)],
    ['a megabyte long', 'A'.repeat(1_000_000)],
  ])('is false, not an error, for a signature header that is %s', (_what, signature) => {
    expect(verify({ signature })).toBe(false);
  });

  it('is false for a URL it cannot parse or an empty token', () => {
    expect(verify({ url: 'not a url' })).toBe(false);
    expect(verify({ authToken: '' })).toBe(false);
  });
});

describe('the language a call is answered in', () => {
  it.each([
    ['zh-CN', 'cmn-CN', 'Polly.Zhiyu-Neural', 'cmn-Hans-CN'],
    ['zh-TW', 'cmn-TW', 'Google.cmn-TW-Wavenet-A', 'cmn-Hant-TW'],
    ['en', 'en-US', 'Polly.Joanna-Neural', 'en-US'],
  ] as const)('speaks %s as %s with %s and listens for %s', (locale, sayLanguage, voice, gatherLanguage) => {
    expect(callSpeech(locale)).toEqual({ sayLanguage, voice, gatherLanguage });
  });

  it.each([
    ['/channels/voice/incoming?lang=zh-TW', '+862150000000', 'zh-TW'],
    ['https://baton.example/channels/voice/incoming?lang=EN', '+862150000000', 'en'],
    ['/channels/voice/incoming?lang=fr', '+862150000000', 'zh-CN'],
    ['/channels/voice/incoming', '+86 21 5000 0000', 'zh-CN'],
    ['/channels/voice/incoming', '+886221234567', 'zh-TW'],
    ['/channels/voice/incoming', '+85221234567', 'zh-TW'],
    ['/channels/voice/incoming', '008532812345', 'zh-TW'],
    ['/channels/voice/incoming', '+14155550100', 'en'],
    ['/channels/voice/incoming', '02150000000', 'en'],
    ['/channels/voice/incoming', undefined, 'en'],
    ['http://[broken', '+862150000000', 'zh-CN'],
  ] as const)('answers %s called on %s in %s', (url, calledNumber, locale) => {
    expect(callLocale({ url, calledNumber })).toBe(locale);
  });
});

const names = (node: TwimlNode) => node.children.map((child) => child.name);
const HOSTILE = `<&>"' 退款？🙂`;

describe('the TwiML documents', () => {
  it('greets and listens for speech or keys in the caller’s language, then asks again on silence', () => {
    const response = parseTwiml(greetAndListen({ say: '您好，请问有什么可以帮您？', locale: 'zh-CN', actionUrl: '/channels/voice/heard?c=1&t=2' }));
    expect(names(response)).toEqual(['Gather', 'Redirect']);
    const [gather, redirect] = response.children;
    expect(gather?.attrs).toEqual({
      input: 'speech dtmf', language: 'cmn-Hans-CN', action: '/channels/voice/heard?c=1&t=2', method: 'POST', speechTimeout: 'auto', timeout: '6',
    });
    expect(gather?.children).toEqual([
      { name: 'Say', attrs: { language: 'cmn-CN', voice: 'Polly.Zhiyu-Neural' }, text: '您好，请问有什么可以帮您？', children: [] },
    ]);
    expect(redirect).toMatchObject({ attrs: { method: 'POST' }, text: '/channels/voice/heard?c=1&t=2' });
  });

  it('answers with several sentences, leaving out empty ones, and may send silence elsewhere', () => {
    const response = parseTwiml(answerAndListen({ says: ['First.', '  ', 'Second.'], locale: 'en', actionUrl: '/heard', noInputUrl: '/nothing-heard' }));
    expect(response.children[0]?.children.map((say) => [say.text, say.attrs.language])).toEqual([['First.', 'en-US'], ['Second.', 'en-US']]);
    expect(response.children[1]?.text).toBe('/nothing-heard');
  });

  it('escapes markup, keeps Chinese and emoji, and drops what XML cannot hold', () => {
    const xml = sayAndHangUp({ says: [HOSTILE, 'a\u0000b\u0007c\uFFFE'], locale: 'zh-TW' });
    expect(xml).toContain('&lt;&amp;&gt;');
    expect(xml).not.toContain('<&>');
    expect(parseTwiml(xml).children.map((verb) => verb.text)).toEqual([HOSTILE, 'abc', '']);
    const queued = parseTwiml(transferToQueue({ says: [], locale: 'en', queueName: 'a&b', waitUrl: '/wait?x=1&y="2"', actionUrl: '/left' }));
    expect(queued.children[0]).toMatchObject({ text: 'a&b', attrs: { waitUrl: '/wait?x=1&y="2"' } });
  });

  it('puts the call in the provider’s queue with a wait URL and an action', () => {
    const response = parseTwiml(transferToQueue({ says: ['正在为您转接人工客服。'], locale: 'zh-CN', queueName: 'support', waitUrl: '/wait', actionUrl: '/left' }));
    expect(names(response)).toEqual(['Say', 'Enqueue']);
    expect(response.children[1]).toEqual({ name: 'Enqueue', attrs: { waitUrl: '/wait', waitUrlMethod: 'POST', action: '/left', method: 'POST' }, text: 'support', children: [] });
  });

  it('announces the place in line with only the verbs a wait document may use', () => {
    const withOffer = parseTwiml(
      waitAnnouncement({ says: ['您是第3位。'], locale: 'zh-CN', pauseSeconds: 20, callbackOffer: { say: '按1，我们回电给您。', keypressUrl: '/keypress' } }),
    );
    expect(names(withOffer)).toEqual(['Say', 'Gather', 'Pause']);
    expect(withOffer.children[1]).toMatchObject({ attrs: { input: 'dtmf', numDigits: '1', action: '/keypress', method: 'POST' }, children: [{ name: 'Say', text: '按1，我们回电给您。' }] });
    expect(withOffer.children[2]?.attrs).toEqual({ length: '20' });
    expect(names(parseTwiml(waitAnnouncement({ says: ['You are number 2.'], locale: 'en', pauseSeconds: 0 })))).toEqual(['Say']);
  });

  it('leaves the queue, optionally saying why first', () => {
    expect(names(parseTwiml(leaveQueue()))).toEqual(['Leave']);
    expect(names(parseTwiml(leaveQueue({ says: ['We will call you back.'], locale: 'en' })))).toEqual(['Say', 'Leave']);
  });

  it('bridges to an agent’s phone or softphone', () => {
    const byPhone = parseTwiml(bridgeToAgent({ says: ['Connecting you.'], locale: 'en', agent: { kind: 'number', number: '+14155550100' }, actionUrl: '/dialed', callerId: '+14155550199' }));
    expect(names(byPhone)).toEqual(['Say', 'Dial']);
    expect(byPhone.children[1]).toMatchObject({ attrs: { action: '/dialed', method: 'POST', callerId: '+14155550199' }, children: [{ name: 'Number', text: '+14155550100' }] });
    const bySoftphone = parseTwiml(bridgeToAgent({ says: [], locale: 'zh-TW', agent: { kind: 'client', identity: 'agent<7>' }, actionUrl: '/dialed' }));
    expect(bySoftphone.children[0]).toMatchObject({ attrs: { action: '/dialed', method: 'POST' }, children: [{ name: 'Client', text: 'agent<7>' }] });
    expect(bySoftphone.children[0]?.attrs.callerId).toBeUndefined();
  });
});

/** A scripted Baton: greets, queues whoever asks for a person, bridges when `agentReady`. */
async function startFakeBaton(authToken: string) {
  const requests: Array<{ path: string; body: Record<string, string>; signed: boolean }> = [];
  const state = { agentReady: false, callback: false };
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const twiml = (xml: string) => (_req: express.Request, res: express.Response) => void res.type('text/xml').send(xml);
  app.use((req, res, next) => {
    const signed = verifyTwilioRequest({ authToken, url: `${req.protocol}://${req.get('host')}${req.originalUrl}`, params: req.body ?? {}, signature: req.get('x-twilio-signature') });
    requests.push({ path: req.path, body: { ...req.body }, signed });
    if (signed) next();
    else res.status(403).send('bad signature');
  });
  app.post('/channels/voice/incoming', (req, res) => {
    const locale = callLocale({ url: req.originalUrl, calledNumber: req.body.To });
    twiml(greetAndListen({ say: locale === 'en' ? 'Hello, how can I help?' : '您好，请问有什么可以帮您？', locale, actionUrl: '/channels/voice/heard' }))(req, res);
  });
  app.post('/channels/voice/heard', (req, res) => {
    const heard: string | undefined = req.body.SpeechResult;
    if (!heard) return twiml(answerAndListen({ says: ['抱歉，我没听清。'], locale: 'zh-CN', actionUrl: '/channels/voice/heard' }))(req, res);
    if (!heard.includes('人工')) return twiml(answerAndListen({ says: [`您说的是：${heard}`], locale: 'zh-CN', actionUrl: '/channels/voice/heard' }))(req, res);
    twiml(transferToQueue({ says: ['正在为您转接人工客服。'], locale: 'zh-CN', queueName: 'support', waitUrl: '/channels/voice/wait', actionUrl: '/channels/voice/left' }))(req, res);
  });
  app.post('/channels/voice/wait', (req, res) => {
    if (state.agentReady) return twiml(leaveQueue())(req, res);
    const ahead = Number(req.body.QueuePosition) - 1;
    twiml(waitAnnouncement({ says: [`您前面还有${ahead}位。`], locale: 'zh-CN', pauseSeconds: 1, callbackOffer: { say: '按1，我们回电给您。', keypressUrl: '/channels/voice/keypress' } }))(req, res);
  });
  app.post('/channels/voice/keypress', (req, res) => {
    state.callback = req.body.Digits === '1';
    twiml(leaveQueue({ says: ['好的，我们稍后回电。'], locale: 'zh-CN' }))(req, res);
  });
  app.post('/channels/voice/left', (req, res) => {
    if (state.callback) return twiml(sayAndHangUp({ says: ['再见。'], locale: 'zh-CN' }))(req, res);
    twiml(bridgeToAgent({ says: ['为您接通。'], locale: 'zh-CN', agent: { kind: 'client', identity: 'agent-7' }, actionUrl: '/channels/voice/dialed' }))(req, res);
  });
  app.post('/channels/voice/dialed', twiml(sayAndHangUp({ says: ['感谢来电。'], locale: 'zh-CN' })));
  app.post('/channels/voice/status', (_req, res) => void res.status(204).end());
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  const to = (path: string) => requests.filter((request) => request.path === path);
  return { baseUrl, requests, state, to, close };
}

describe('the loopback call simulator', () => {
  const AUTH_TOKEN = 'voice-test-token';
  let baton: Awaited<ReturnType<typeof startFakeBaton>>;
  beforeEach(async () => { baton = await startFakeBaton(AUTH_TOKEN); });
  afterEach(() => baton.close());

  it('asks for a person, waits in the queue, and is bridged once an agent is free', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN, pollIntervalMs: 50, queueStanding: () => ({ position: 3, size: 4 }) });
    expect(await call.waitUntilHeard(/请问有什么可以帮您/)).toEqual({ text: '您好，请问有什么可以帮您？', language: 'cmn-CN', voice: 'Polly.Zhiyu-Neural' });
    call.say('我要转人工');
    await call.waitUntilHeard(/转接人工/);
    await call.waitUntilHeard(/前面还有2位/);
    await call.waitUntilHeard(/前面还有2位/); // the wait URL is asked again and again
    const wait = baton.to('/channels/voice/wait')[0]?.body;
    expect(wait).toMatchObject({ QueuePosition: '3', CurrentQueueSize: '4', CallStatus: 'in-progress', Direction: 'inbound', CallSid: call.callSid });
    expect(wait?.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    expect(Number(wait?.QueueTime)).toBeGreaterThanOrEqual(0);
    baton.state.agentReady = true;
    expect(await call.waitUntilBridged()).toEqual({ kind: 'client', identity: 'agent-7' });
    expect(baton.to('/channels/voice/left')[0]?.body).toMatchObject({ QueueResult: 'leave', QueueSid: wait?.QueueSid });
    call.agentHangsUp();
    await call.waitUntilHeard(/感谢来电/);
    await call.waitUntilEnded();
    await call.finished;
    expect(baton.to('/channels/voice/incoming')[0]?.body).toMatchObject({ CallStatus: 'ringing', From: '+8613800138000', To: '+862150000000' });
    expect(baton.to('/channels/voice/heard')[0]?.body).toMatchObject({ SpeechResult: '我要转人工', Confidence: '0.92' });
    expect(baton.to('/channels/voice/dialed')[0]?.body).toMatchObject({ DialCallStatus: 'completed' });
    expect(baton.to('/channels/voice/status')[0]?.body).toMatchObject({ CallStatus: 'completed' });
    expect(baton.requests.every((request) => request.signed)).toBe(true);
    expect(call.events.filter((event) => event.type !== 'requested' && event.type !== 'heard' && event.type !== 'listening' && event.type !== 'silent' && event.type !== 'paused').map((event) => event.type))
      .toEqual(['spoke', 'enqueued', 'left_queue', 'bridged', 'ended']);
  });

  it('presses 1 while on hold and leaves the queue for a callback', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN, pollIntervalMs: 50 });
    call.say('转人工');
    await call.waitUntilHeard(/按1/);
    call.press('1');
    await call.waitUntilHeard(/稍后回电/);
    await call.waitUntilHeard(/再见/);
    await call.waitUntilEnded();
    expect(baton.to('/channels/voice/keypress')[0]?.body).toMatchObject({ Digits: '1' });
    expect(call.bridgedTo).toBeNull();
  });

  it('stays silent and is asked again; anything else is echoed', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN });
    call.staySilent();
    await call.waitUntilHeard(/没听清/);
    expect(baton.to('/channels/voice/heard')[0]?.body.SpeechResult).toBeUndefined();
    call.say('查订单');
    await call.waitUntilHeard(/您说的是：查订单/);
    await call.hangUp();
    expect(baton.to('/channels/voice/status')).toHaveLength(1);
  });

  it('hangs up in the queue: the Enqueue action hears hangup, then the status callback', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN, pollIntervalMs: 50 });
    call.say('人工');
    await call.waitUntilHeard(/前面还有/);
    await call.hangUp();
    expect(baton.to('/channels/voice/left')[0]?.body).toMatchObject({ QueueResult: 'hangup' });
    expect(baton.to('/channels/voice/status')[0]?.body).toMatchObject({ CallStatus: 'completed' });
    expect(call.ended).toBe(true);
  });

  it('signs the exact URL it calls, query included, so ?lang= reaches Baton', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN, incomingPath: '/channels/voice/incoming?lang=en' });
    expect(await call.waitUntilHeard(/Hello/)).toMatchObject({ language: 'en-US', voice: 'Polly.Joanna-Neural' });
    expect(call.events.find((event) => event.type === 'listening')).toEqual({ type: 'listening', input: 'speech dtmf', language: 'en-US' });
    await call.hangUp();
    expect(baton.requests.every((request) => request.signed)).toBe(true);
  });

  it('fails loudly when Baton refuses its signature', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: 'some-other-token' });
    await expect(call.waitUntilHeard(/./, 2000)).rejects.toThrow(/answered 403/);
    expect(call.failure?.message).toMatch(/answered 403/);
  });

  it('fails loudly when the caller speaks to a Gather that only takes keys', async () => {
    const call = placeCall({ baseUrl: baton.baseUrl, authToken: AUTH_TOKEN, pollIntervalMs: 50 });
    call.say('转人工');
    await call.waitUntilHeard(/按1/);
    call.say('还要等多久？');
    await call.waitUntilEnded();
    expect(call.failure?.message).toMatch(/gave speech to a <Gather input="dtmf">/);
  });
});
