import { z } from 'zod';
import { payloadsBody } from '../../codec';
import { signInBody } from '../../codec-sign-in';
import { sessionBody } from '../../demo';
import { demoSession, health, telegramAnswer } from '../bodies';
import type { Operation } from '../operation';
import { empty, errors, json, text } from '../responses';

/** Outside `/v1`: health, this document and its page, the people's screens, the demo, and the providers' webhooks. */

const page = (path: string, operationId: string, summary: string, mediaType: string, tag = 'Screens'): Operation => ({
  method: 'get',
  path,
  operationId,
  summary,
  tag,
  auth: 'none',
  responses: { 200: text('The file.', mediaType), ...errors(400, 404) },
});

/** A provider's webhook may also be over its sender's rate limit (429), counted once the secret or signature holds. */
const CHANNEL_ERRORS = errors(400, 401, 404, 413, 415, 429, 503);

const telegramUpdate = z
  .looseObject({
    update_id: z.number().int().min(0),
    message: z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: z.number().int(), type: z.string() }), text: z.string().optional() }).optional(),
    callback_query: z.looseObject({ id: z.string().min(1), data: z.string().optional() }).optional(),
  })
  .meta({ id: 'TelegramUpdate', description: 'An update as Telegram sends it (https://core.telegram.org/bots/api#update).' });

const wechatSignature = z.object({
  signature: z.string(),
  timestamp: z.string(),
  nonce: z.string(),
});

/** What the phone provider posts (Twilio's parameters); every request is signed with X-Twilio-Signature. */
const twilioParams = z
  .looseObject({
    CallSid: z.string().regex(/^[A-Za-z0-9]{2,64}$/),
    From: z.string().optional(),
    To: z.string().optional(),
    SpeechResult: z.string().optional(),
    Digits: z.string().optional(),
    QueueResult: z.string().optional(),
    CallStatus: z.string().optional(),
  })
  .meta({ id: 'TwilioParams' });

const voice = (path: string, operationId: string, summary: string, answer: 'twiml' | 'none' = 'twiml'): Operation => ({
  method: 'post',
  path: `/channels/voice/${path}`,
  operationId,
  summary,
  tag: 'Channels',
  auth: 'provider',
  params: { header: z.object({ 'X-Twilio-Signature': z.string() }), query: z.object({ lang: z.string().optional(), turn: z.string().optional() }) },
  body: { schema: twilioParams, mediaType: 'application/x-www-form-urlencoded' },
  responses: { ...(answer === 'twiml' ? { 200: text('TwiML for the provider.', 'text/xml') } : { 204: empty('Taken.') }), ...CHANNEL_ERRORS },
});

const codecSession = z.object({ role: z.enum(['service', 'supervisor']), expiresAt: z.string() }).meta({ id: 'CodecSession' });
const codecPayloads = payloadsBody.meta({ id: 'CodecPayloads', description: "Temporal's remote codec protocol: payloads with base64 metadata and data." });
const codec = (direction: 'decode' | 'encode'): Operation => ({
  method: 'post',
  path: `/codec/${direction}`,
  operationId: `codec${direction === 'decode' ? 'Decode' : 'Encode'}`,
  summary: `The Temporal UI's codec server: ${direction}s payloads. An operator's key (service or supervisor) as Bearer, or the sign-in cookie; CORS only for the Temporal UI's origins. Mounted when the API holds the codec keys.`,
  tag: 'Operations',
  auth: 'bearer',
  body: { schema: codecPayloads },
  responses: { 200: json('The payloads, converted.', codecPayloads), ...errors(400, 401, 403, 413, 415) },
});

export const edgeOperations: Operation[] = [
  page('/codec/sign-in', 'codecSignInPage', "The operator's sign-in for the codec server (zh-CN, zh-TW, en).", 'text/html', 'Operations'),
  page('/codec/sign-in.js', 'codecSignInScript', "The sign-in page's script.", 'text/javascript', 'Operations'),
  {
    method: 'get',
    path: '/codec/session',
    operationId: 'codecSession',
    summary: 'Who is signed in for the codec server, from the sign-in cookie.',
    tag: 'Operations',
    auth: 'none',
    responses: { 200: json('The session.', codecSession), ...errors(400, 401) },
  },
  {
    method: 'post',
    path: '/codec/session',
    operationId: 'codecSignIn',
    summary: 'Signs an operator in for the codec server with a service or supervisor key: an HttpOnly, SameSite=Lax cookie on /codec for 8 hours. The key is re-checked on every decode, so revoking it ends the session.',
    tag: 'Operations',
    auth: 'none',
    body: { schema: signInBody },
    responses: { 200: json('Signed in.', codecSession), ...errors(400, 401, 403, 413, 415) },
  },
  {
    method: 'post',
    path: '/codec/sign-out',
    operationId: 'codecSignOut',
    summary: "Clears this browser's codec sign-in.",
    tag: 'Operations',
    auth: 'none',
    responses: { 204: empty('Signed out.'), ...errors(400) },
  },
  codec('decode'),
  codec('encode'),
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Whether Postgres and Temporal answer (no key needed).',
    tag: 'Operations',
    auth: 'none',
    responses: { 200: json('Both answer.', health), ...errors(400), 503: json('Postgres or Temporal does not answer.', health) },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: "Prometheus metrics (text format): the service key or a supervisor's key. With BATON_METRICS_PORT they are also served on that port without a key.",
    tag: 'Operations',
    auth: 'bearer',
    responses: { 200: text('The metrics, in the Prometheus text format.', 'text/plain'), ...errors(400, 401, 403, 503) },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document.',
    tag: 'Operations',
    auth: 'none',
    responses: { 200: json('The OpenAPI 3.1 document.', z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) })), ...errors(400) },
  },
  page('/docs', 'apiReference', 'The API reference page (Swagger UI, served locally).', 'text/html', 'Operations'),
  page('/docs/init.js', 'apiReferenceScript', 'The reference page\'s own script: Swagger UI pointed at /openapi.json.', 'text/javascript', 'Operations'),
  page('/console', 'console', 'The agent and supervisor console.', 'text/html'),
  page('/widget.js', 'widgetLoader', "The customer's widget, for any shop's page.", 'text/javascript'),
  page('/vendor/mermaid.min.js', 'mermaidLibrary', 'The Mermaid library the console draws the chart with.', 'text/javascript'),
  page('/demo', 'demoShop', 'The demo shop (with `npm start`\'s embedded demo only; 404 otherwise).', 'text/html'),
  {
    method: 'post',
    path: '/demo/session',
    operationId: 'demoSession',
    summary: "The demo shop's backend: resumes the browser's conversation, or opens one and hands back a customer token.",
    tag: 'Screens',
    auth: 'none',
    body: { schema: sessionBody, required: false },
    responses: { 200: json('Resumed.', demoSession), 201: json('Opened.', demoSession), ...errors(400, 404, 413, 415, 503) },
  },
  {
    method: 'post',
    path: '/channels/telegram/webhook',
    operationId: 'telegramWebhook',
    summary: "Telegram's webhook: a text is the customer's message; a button tap chooses that quick reply. 404 until configured.",
    tag: 'Channels',
    auth: 'provider',
    params: { header: z.object({ 'X-Telegram-Bot-Api-Secret-Token': z.string() }) },
    body: { schema: telegramUpdate },
    responses: { 200: json('Taken (or ignored, saying why).', telegramAnswer), ...CHANNEL_ERRORS },
  },
  {
    method: 'get',
    path: '/channels/wechat',
    operationId: 'wechatUrlCheck',
    summary: "WeChat's server URL check: echoes `echostr` when the signature holds. 404 until configured.",
    tag: 'Channels',
    auth: 'provider',
    params: { query: wechatSignature.extend({ echostr: z.string().optional() }) },
    responses: { 200: text('The echo.', 'text/plain'), ...errors(400, 401, 404) },
  },
  {
    method: 'post',
    path: '/channels/wechat',
    operationId: 'wechatPush',
    summary: 'A WeChat push, plain or safe mode; answered `success` within WeChat\'s 5 s. 404 until configured.',
    tag: 'Channels',
    auth: 'provider',
    params: { query: wechatSignature.extend({ encrypt_type: z.enum(['raw', 'aes']).optional(), msg_signature: z.string().optional(), openid: z.string().optional() }) },
    body: { schema: z.string().meta({ description: 'The push as WeChat sends it: XML.' }), mediaType: 'text/xml' },
    responses: { 200: text('`success`.', 'text/plain'), ...CHANNEL_ERRORS },
  },
  voice('incoming', 'voiceIncoming', 'A call comes in: greeted, and listened to. 404 until configured.'),
  voice('speech', 'voiceSpeech', "What the caller said: the customer's message; the answer spoken."),
  voice('wait', 'voiceWait', 'Asked again and again while the caller waits: the place in line, spoken.'),
  voice('keypress', 'voiceKeypress', 'A key pressed while waiting: 1 asks to be called back.'),
  voice('dequeued', 'voiceDequeued', "The call left the provider's queue: bridged to the agent, or told it is over."),
  voice('bridge-ended', 'voiceBridgeEnded', 'The call with the agent ended.'),
  voice('status', 'voiceStatus', "The provider's status callback: a call that ended while waiting leaves the queue.", 'none'),
];
