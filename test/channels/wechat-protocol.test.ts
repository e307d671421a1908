import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DeliveryFailure, type OutboundMessage } from '../../channels/delivery';
import { createWechatClient, quickReplyIndex, type WechatClientOptions } from '../../channels/wechat/client';
import { decryptWechat, encryptWechat, InvalidWechatAesKey, UndecryptableWechatMessage, wechatAesKey } from '../../channels/wechat/crypto';
import { messageSignature, verifyMessageSignature, verifyWechatSignature, wechatSignature } from '../../channels/wechat/signature';
import { MalformedWechatXml, parseWechatEnvelope, parseWechatPush, WECHAT_XML_MAX_BYTES } from '../../channels/wechat/xml';
import { startWechatStandIn, type WechatStandIn } from '../support/standins/wechat-api';

// WeChat's published WXBizMsgCrypt sample (the C++/PHP/C# Sample files): a text push "hello".
const SAMPLE = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  appId: 'wx5823bf96d3bd56c7',
  timestamp: '1409659813',
  nonce: '1372623149',
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  plaintext:
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  // Its server-URL check: msg_signature over the echostr.
  urlCheck: { timestamp: '1409659589', nonce: '263014780', signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==' },
};

// The Official Account Java sample's test (WXBizMsgCryptTest), with its fixed random prefix.
const PAMTEST = {
  token: 'pamtest',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  timestamp: '1409304348',
  nonce: 'xxxxxx',
  signature: '76480565cbe296026c53aaacd1ad523a1ddba24f',
  random: Buffer.from('aaaabbbbccccdddd'),
  reply: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  reply2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  encrypted2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
};

/** AES-256-CBC of raw bytes under WeChat's key and IV, with no padding added: to forge broken frames. */
function rawEncrypt(aesKey: string, plain: Buffer): string {
  const key = wechatAesKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const expectUndecryptable = (encrypted: string, problem: string, appId = SAMPLE.appId) =>
  expect(() => decryptWechat(SAMPLE.aesKey, encrypted, appId)).toThrow(expect.objectContaining({ code: 'UndecryptableWechatMessage', problem }));

describe('WeChat signatures', () => {
  it('signs the server-URL check as the SHA-1 of token, timestamp and nonce, sorted', () => {
    const { token, timestamp, nonce, signature } = PAMTEST;
    expect(wechatSignature(token, timestamp, nonce)).toBe(signature);
    expect(signature).toBe(createHash('sha1').update('1409304348pamtestxxxxxx').digest('hex'));
    expect(verifyWechatSignature(token, timestamp, nonce, signature)).toBe(true);
    expect(verifyWechatSignature(token, timestamp, nonce, signature.toUpperCase())).toBe(true);
    expect(verifyWechatSignature(token, timestamp, 'yyyyyy', signature)).toBe(false);
    expect(verifyWechatSignature(token, timestamp, nonce, signature.slice(0, 39))).toBe(false);
    expect(verifyWechatSignature(token, timestamp, nonce, '')).toBe(false);
  });

  it("signs a safe-mode push over the encrypted body too, as in WeChat's sample", () => {
    const { token, timestamp, nonce, encrypt, msgSignature, urlCheck } = SAMPLE;
    expect(messageSignature(token, timestamp, nonce, encrypt)).toBe(msgSignature);
    expect(verifyMessageSignature(token, timestamp, nonce, encrypt, msgSignature)).toBe(true);
    expect(verifyMessageSignature(token, timestamp, nonce, `${encrypt}x`, msgSignature)).toBe(false);
    expect(verifyMessageSignature(token, urlCheck.timestamp, urlCheck.nonce, urlCheck.echostr, urlCheck.signature)).toBe(true);
  });
});

describe('WeChat message encryption', () => {
  it("decrypts WeChat's published sample to its XML, for its AppID", () => {
    expect(decryptWechat(SAMPLE.aesKey, SAMPLE.encrypt, SAMPLE.appId)).toBe(SAMPLE.plaintext);
    expect(decryptWechat(SAMPLE.aesKey, SAMPLE.urlCheck.echostr, SAMPLE.appId)).toMatch(/^\d+$/);
    expect(parseWechatPush(SAMPLE.plaintext)).toEqual({
      kind: 'text', toUser: SAMPLE.appId, fromUser: 'mycreate', createTime: 1409659813, msgId: '4561255354251345929', content: 'hello',
    });
  });

  it("encrypts the Official Account sample byte for byte as WeChat's own code does", () => {
    expect(encryptWechat(PAMTEST.aesKey, PAMTEST.reply, PAMTEST.appId, PAMTEST.random)).toBe(PAMTEST.encrypted);
    expect(encryptWechat(PAMTEST.aesKey, PAMTEST.reply2, PAMTEST.appId, PAMTEST.random)).toBe(PAMTEST.encrypted2);
    expect(decryptWechat(PAMTEST.aesKey, PAMTEST.encrypted, PAMTEST.appId)).toBe(PAMTEST.reply);
    expect(decryptWechat(PAMTEST.aesKey, PAMTEST.encrypted2, PAMTEST.appId)).toBe(PAMTEST.reply2);
  });

  it('round-trips any text, including a full 32-byte block of padding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const encrypted = encryptWechat(SAMPLE.aesKey, text, SAMPLE.appId);
        expect(decryptWechat(SAMPLE.aesKey, encrypted, SAMPLE.appId)).toBe(text);
      }),
    );
    // 16 + 4 + 26 + 18 (the AppID) = 64 bytes, whole blocks already: a full 32-byte block of padding follows.
    const exact = 'x'.repeat(26);
    expect(Buffer.from(encryptWechat(SAMPLE.aesKey, exact, SAMPLE.appId), 'base64')).toHaveLength(96);
    expect(decryptWechat(SAMPLE.aesKey, encryptWechat(SAMPLE.aesKey, exact, SAMPLE.appId), SAMPLE.appId)).toBe(exact);
  });

  it('refuses a message for another AppID, bad base64, a partial block, wrong padding and a broken frame', () => {
    expectUndecryptable(SAMPLE.encrypt, 'appid', 'wx0000000000000000');
    expectUndecryptable(SAMPLE.encrypt, 'appid', SAMPLE.appId.slice(0, -1));
    expectUndecryptable('not base64!', 'base64');
    expectUndecryptable(`${SAMPLE.encrypt.slice(0, 40)}\n${SAMPLE.encrypt.slice(40)}`, 'base64');
    expectUndecryptable('', 'length');
    expectUndecryptable(randomBytes(24).toString('base64'), 'length');
    const frame = (length: number, tail: Buffer) => Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, length]), tail]);
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([randomBytes(31), Buffer.from([0])])), 'padding');
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([randomBytes(31), Buffer.from([33])])), 'padding');
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([randomBytes(30), Buffer.from([1, 2])])), 'padding');
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([randomBytes(16), Buffer.alloc(16, 16)])), 'frame');
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([frame(200, Buffer.alloc(12, 12))])), 'frame');
    const notUtf8 = Buffer.concat([frame(2, Buffer.from([0xff, 0xfe])), Buffer.from(SAMPLE.appId)]);
    expectUndecryptable(rawEncrypt(SAMPLE.aesKey, Buffer.concat([notUtf8, Buffer.alloc(24, 24)])), 'frame');
  });

  it('throws nothing but UndecryptableWechatMessage for any ciphertext', () => {
    const ciphertexts = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.integer({ min: 1, max: 12 }).map((blocks) => randomBytes(blocks * 16).toString('base64')),
      fc.nat({ max: Buffer.from(SAMPLE.encrypt, 'base64').length * 8 - 1 }).map((bit) => {
        const flipped = Buffer.from(SAMPLE.encrypt, 'base64');
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        return flipped.toString('base64');
      }),
    );
    fc.assert(
      fc.property(ciphertexts, (encrypted) => {
        try {
          decryptWechat(SAMPLE.aesKey, encrypted, SAMPLE.appId);
        } catch (error) {
          expect(error).toBeInstanceOf(UndecryptableWechatMessage);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an EncodingAESKey WeChat would not issue', () => {
    expect(() => wechatAesKey('abcde')).toThrow(InvalidWechatAesKey);
    expect(() => decryptWechat(`${SAMPLE.aesKey.slice(0, 42)}/`, SAMPLE.encrypt, SAMPLE.appId)).toThrow(InvalidWechatAesKey);
    expect(wechatAesKey(SAMPLE.aesKey)).toHaveLength(32);
  });
});

const push = (fields: string) => `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oOpenId123]]></FromUserName><CreateTime>1700000000</CreateTime>${fields}</xml>`;
const expectMalformed = (xml: string, field: string | null = null) =>
  expect(() => parseWechatPush(xml)).toThrow(expect.objectContaining({ code: 'MalformedWechatXml', field }));

describe('WeChat push XML', () => {
  it("reads a text message with the customer's text as written, CDATA, Chinese and emoji included", () => {
    const xml = push('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[  你好 😀 <b>&amp; ]]></Content><MsgId>24000000000000000001</MsgId>');
    expect(parseWechatPush(xml)).toEqual({
      kind: 'text', toUser: 'gh_account', fromUser: 'oOpenId123', createTime: 1700000000, msgId: '24000000000000000001', content: '  你好 😀 <b>&amp; ',
    });
    expect(parseWechatPush(push('<MsgType>text</MsgType><Content>a &lt; b &amp; c</Content><MsgId>1</MsgId>'))).toMatchObject({ content: 'a < b & c' });
  });

  it('reads a tap on a msgmenu item as a text message with its bizmsgmenuid', () => {
    const xml = push('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Talk to a person]]></Content><MsgId>7</MsgId><bizmsgmenuid>2</bizmsgmenuid>');
    const tapped = parseWechatPush(xml);
    expect(tapped).toMatchObject({ kind: 'text', content: 'Talk to a person', bizMsgMenuId: '2' });
    expect(quickReplyIndex('2')).toBe(1);
    expect(['1', '12', '0', '01', '-1', 'a', ''].map(quickReplyIndex)).toEqual([0, 11, null, null, null, null, null]);
  });

  it('reads subscribe and unsubscribe events, and other message types by their type', () => {
    expect(parseWechatPush(push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>'))).toMatchObject({ kind: 'event', event: 'subscribe', fromUser: 'oOpenId123' });
    expect(parseWechatPush(push('<MsgType>event</MsgType><Event>unsubscribe</Event><EventKey></EventKey>'))).toMatchObject({ kind: 'event', event: 'unsubscribe', eventKey: '' });
    expect(parseWechatPush(push('<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>42</MsgId>'))).toEqual({
      kind: 'other', msgType: 'voice', msgId: '42', toUser: 'gh_account', fromUser: 'oOpenId123', createTime: 1700000000,
    });
  });

  it('reads the safe-mode envelope, in safe and in compatible mode', () => {
    const envelope = `<?xml version="1.0"?>\n<xml>\n<ToUserName><![CDATA[${SAMPLE.appId}]]></ToUserName>\n<Encrypt><![CDATA[${SAMPLE.encrypt}]]></Encrypt>\n</xml>\n`;
    expect(parseWechatEnvelope(envelope)).toEqual({ toUser: SAMPLE.appId, encrypt: SAMPLE.encrypt });
    expect(parseWechatEnvelope(push(`<MsgType>text</MsgType><Encrypt>${SAMPLE.encrypt}</Encrypt>`)).encrypt).toBe(SAMPLE.encrypt);
    expect(() => parseWechatEnvelope('<xml><ToUserName>x</ToUserName></xml>')).toThrow(expect.objectContaining({ field: 'Encrypt' }));
  });

  it('refuses oversized, malformed, declared-entity and incomplete pushes, naming the field', () => {
    expectMalformed(push(`<MsgType>text</MsgType><Content>${'x'.repeat(WECHAT_XML_MAX_BYTES)}</Content><MsgId>1</MsgId>`));
    expectMalformed('<xml><ToUserName>a</xml>');
    expectMalformed('');
    expectMalformed('success');
    expectMalformed('<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>');
    expectMalformed('<root><ToUserName>a</ToUserName></root>');
    expectMalformed('<xml>just text</xml>');
    expectMalformed('<xml><__proto__>1</__proto__></xml>');
    expectMalformed('<xml><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>', 'ToUserName');
    expectMalformed(push('<MsgType>text</MsgType><MsgId>1</MsgId>'), 'Content');
    expectMalformed(push('<MsgType>text</MsgType><Content>a</Content><Content>b</Content><MsgId>1</MsgId>'), 'Content');
    expectMalformed(push('<MsgType>text</MsgType><Content><b>a</b></Content><MsgId>1</MsgId>'), 'Content');
    expectMalformed(push('<MsgType>text</MsgType><Content>a</Content><MsgId>1e5</MsgId>'), 'MsgId');
    expectMalformed(push('<MsgType>event</MsgType>'), 'Event');
    expectMalformed(push('<Content>a</Content>'), 'MsgType');
  });

  it('throws nothing but MalformedWechatXml for any body', () => {
    const pieces = fc.constantFrom('<xml>', '</xml>', '<MsgType>', '</MsgType>', 'text', '<![CDATA[', ']]>', '&amp;', '&', '<!--', '-->', '<?xml?>', '<a b="c">', '</a>', '<', '>', '\u0000', '\ud800');
    const bodies = fc.oneof(fc.string(), fc.string({ unit: pieces, maxLength: 30 }), fc.string().map((text) => push(`<MsgType>text</MsgType><Content>${text}</Content><MsgId>1</MsgId>`)));
    fc.assert(
      fc.property(bodies, (xml) => {
        try {
          parseWechatPush(xml);
          parseWechatEnvelope(xml);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedWechatXml);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('WeChat customer-service client', () => {
  let wechat: WechatStandIn;
  let now: number;
  beforeEach(async () => {
    wechat = await startWechatStandIn();
    now = Date.UTC(2026, 11, 1);
  });
  afterEach(() => wechat.close());

  const client = (overrides: Partial<WechatClientOptions> = {}) =>
    createWechatClient({ apiBase: wechat.url, appId: wechat.appId, appSecret: wechat.appSecret, clock: () => now, ...overrides });
  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({ id: randomUUID(), from: 'agent', agentName: 'Mei', text: '您好，我是客服', ...overrides });
  const openId = () => `o${randomUUID().replace(/-/g, '')}`;
  const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('the send succeeded'); }, (error: unknown) => error as DeliveryFailure);

  it('sends text as the customer-service API expects, with no agent prefix, on one cached token', async () => {
    const sender = client();
    const customer = openId();
    for (let index = 0; index < 3; index += 1) await sender.send({ externalId: customer }, message({ text: `第${index}条 😀` }));
    expect(sender.channel).toBe('wechat');
    expect(wechat.sent).toEqual([0, 1, 2].map((index) => ({ touser: customer, msgtype: 'text', text: { content: `第${index}条 😀` } })));
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.requests[0]).toMatchObject({ method: 'GET', path: '/cgi-bin/token', query: { grant_type: 'client_credential', appid: wechat.appId, secret: wechat.appSecret } });
  });

  it('sends quick replies as a msgmenu whose item ids map back to their index', async () => {
    const customer = openId();
    const quickReplies = [{ action: 'handoff' as const, label: '转人工' }, { action: 'keep_waiting' as const, label: 'Keep waiting' }];
    await client().send({ externalId: customer }, message({ from: 'bot', text: 'Anything else?', quickReplies }));
    expect(wechat.sent).toEqual([{ touser: customer, msgtype: 'msgmenu', msgmenu: { head_content: 'Anything else?', list: [{ id: '1', content: '转人工' }, { id: '2', content: 'Keep waiting' }] } }]);
    expect(quickReplyIndex('2')).toBe(1);
  });

  it('renews the token five minutes before it expires, or halfway through a short-lived one', async () => {
    const sender = client();
    await sender.send({ externalId: openId() }, message());
    now += (7200 - 300) * 1000 - 1;
    await sender.send({ externalId: openId() }, message());
    expect(wechat.tokenRequests).toBe(1);
    now += 1;
    wechat.issueTokensFor(200);
    await sender.send({ externalId: openId() }, message());
    expect(wechat.tokenRequests).toBe(2);
    now += 100 * 1000 - 1;
    await sender.send({ externalId: openId() }, message());
    expect(wechat.tokenRequests).toBe(2);
    now += 1;
    await sender.send({ externalId: openId() }, message());
    expect(wechat.tokenRequests).toBe(3);
  });

  it('asks for one token however many sends start at once', async () => {
    const sender = client();
    await Promise.all(Array.from({ length: 8 }, () => sender.send({ externalId: openId() }, message())));
    expect(wechat.tokenRequests).toBe(1);
    expect(wechat.sent).toHaveLength(8);
  });

  it('drops a token WeChat calls stale and retries once with a new one', async () => {
    const sender = client();
    await sender.send({ externalId: openId() }, message());
    wechat.revokeTokens();
    await sender.send({ externalId: openId() }, message());
    expect(wechat.tokenRequests).toBe(2);
    expect(wechat.sent).toHaveLength(2);

    wechat.failNext(2, { errcode: 42001 });
    const failure = await failureOf(sender.send({ externalId: openId() }, message()));
    expect(failure).toMatchObject({ code: 'wechat:42001', retryable: true });
    expect(wechat.tokenRequests).toBe(3);
  });

  it.each([
    [45015, false, null],
    [45047, false, null],
    [43004, false, null],
    [40003, false, null],
    [47001, false, null],
    [-1, true, null],
    [45009, true, 60],
  ])('classifies errcode %i as retryable=%s', async (errcode, retryable, retryAfterSeconds) => {
    wechat.failNext(1, { errcode });
    const failure = await failureOf(client().send({ externalId: openId() }, message()));
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect(failure).toMatchObject({ code: `wechat:${errcode}`, retryable, retryAfterSeconds });
    expect(failure.reason).not.toContain(wechat.appSecret);
  });

  it("tells the agent when WeChat's 48-hour window has closed", async () => {
    wechat.failNext(1, { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    const failure = await failureOf(client().send({ externalId: openId() }, message()));
    expect(failure.reason).toBe('the customer has not written for 48 hours; WeChat lets the account answer only within 48 hours of their last message');
  });

  it('retries HTTP 5xx, network errors and timeouts, but not an HTTP 4xx', async () => {
    wechat.failNext(1, { status: 503 });
    await expect(failureOf(client().send({ externalId: openId() }, message()))).resolves.toMatchObject({ code: 'http:503', retryable: true });
    wechat.failNext(1, { status: 400 });
    await expect(failureOf(client().send({ externalId: openId() }, message()))).resolves.toMatchObject({ code: 'http:400', retryable: false });
    wechat.failNext(1, { stall: true });
    const timedOut = await failureOf(client({ timeoutMs: 200 }).send({ externalId: openId() }, message()));
    expect(timedOut).toMatchObject({ code: 'network', retryable: true, reason: expect.stringContaining('200 ms') });
    const unreachable = await failureOf(client({ apiBase: 'http://127.0.0.1:9' }).send({ externalId: openId() }, message()));
    expect(unreachable).toMatchObject({ code: 'network', retryable: true });
    expect(unreachable.message).not.toContain(wechat.appSecret);
  });

  it('refuses for good when WeChat rejects the AppSecret, without repeating the secret', async () => {
    const wrongSecret = `wrong-${randomUUID()}`;
    const failure = await failureOf(client({ appSecret: wrongSecret }).send({ externalId: openId() }, message()));
    expect(failure).toMatchObject({ code: 'wechat:40125', retryable: false });
    expect(failure.message).not.toContain(wrongSecret);
    wechat.failNextToken(1, { errcode: -1 });
    await expect(failureOf(client().send({ externalId: openId() }, message()))).resolves.toMatchObject({ code: 'wechat:-1', retryable: true });
    expect(wechat.sent).toHaveLength(0);
  });
});
