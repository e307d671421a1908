import express, { Router, type Request, type Response } from 'express';
import { verifyTwilioRequest, type TwilioParams } from '../../channels/voice/signature';
import { callLocale } from '../../channels/voice/speech';
import { answerAndListen, bridgeToAgent, greetAndListen, leaveQueue, sayAndHangUp, transferToQueue, waitAnnouncement } from '../../channels/voice/twiml';
import { endVoiceCall, markAllHeard, startVoiceCall, takeUnheard, upsertContact, voiceCall } from '../../db/channels';
import { getConversation, saveCallbackNumber, type ConversationRecord } from '../../db/conversations';
import { systemMessageSince } from '../../db/messages';
import { LOCALES, type Locale } from '../../domain/conversation';
import { DEFAULT_PROMPTS } from '../../i18n/prompts';
import { assignmentOf } from '../../routing/assignments';
import { leaveQueueUpdate } from '../../workflows/definitions';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext, ChannelSettingsOf } from '../context';
import { ApiError } from '../errors';
import { limitSender, type RateLimits } from '../rate-limits';
import { openConversationFor, receiveChannelMessage } from './receive';

/** What providers put in `From` when the caller withholds their number. */
const WITHHELD_NUMBERS = new Set(['+266696687', '+86282452253', '+8656696', '+7378742833', '+2562533']);

/** How long a waiting caller hears silence before the provider asks again what to say. */
const WAIT_PAUSE_SECONDS = 10;
/** How long a caller whose agent accepted waits for the agent-joined prompt before being bridged anyway. */
const JOIN_GRACE_MS = 5_000;

const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/**
 * Who calls: their number, or — withheld (Twilio sends `anonymous`, or a placeholder such as
 * +266696687) — nobody in particular, so each such call is a caller of its own, never one shared customer.
 */
function callerOf(req: Request): string {
  const from = field(req, 'From');
  return /^\+[1-9]\d{6,14}$/.test(from) && !WITHHELD_NUMBERS.has(from) ? from : `unknown:${field(req, 'CallSid')}`;
}

/**
 * The phone, as a TwiML webhook (Twilio's format; Telnyx TeXML and others follow it). Every request
 * is verified with `X-Twilio-Signature` against BATON_PUBLIC_URL first. A call greets and listens;
 * each `SpeechResult` is the customer's message to the same bot; what Baton says back — the bot's
 * answers, 正在为您转接…, 您是第X位…, the agent's name — is spoken from the transcript, so the phone
 * hears exactly the prompts every channel gets. A handoff puts the caller in the provider's queue,
 * whose wait announcements are Baton's own place in line and estimate (press 1 to be called back);
 * once an agent accepts, the call is bridged to them (a Twilio Client named by their agent id).
 */
export function voiceRoutes(context: ApiContext, conversations: ConversationHandles, settings: ChannelSettingsOf<'voice'>, limits: RateLimits): Router {
  const router = Router();
  const { authToken } = settings;
  const { db } = context;
  const url = (path: string, query: Record<string, string>) => `${context.channels.publicUrl}/channels/voice${path}?${new URLSearchParams(query)}`;

  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }), (req, _res, next) => {
    const signedUrl = `${context.channels.publicUrl}${req.originalUrl}`;
    const params = (req.body ?? {}) as TwilioParams;
    if (!verifyTwilioRequest({ authToken, url: signedUrl, params, signature: req.get('X-Twilio-Signature') })) {
      return next(new ApiError(401, 'unauthorized', 'X-Twilio-Signature does not match BATON_TWILIO_AUTH_TOKEN and BATON_PUBLIC_URL'));
    }
    const callSid = field(req, 'CallSid');
    if (!/^[A-Za-z0-9]{2,64}$/.test(callSid)) return next(new ApiError(400, 'invalid_request', 'CallSid: required', { field: 'CallSid' }));
    next();
  }, limitSender(limits, 'voice', callerOf));

  const twiml = (res: Response, xml: string) => res.type('text/xml').send(xml);
  const localeOf = (req: Request, conversation: ConversationRecord | null): Locale => {
    const asked = typeof req.query.lang === 'string' ? (LOCALES as readonly string[]).find((l) => l === req.query.lang) : undefined;
    return (asked as Locale | undefined) ?? conversation?.locale ?? 'en';
  };

  /** The call's conversation, from the call record the first request made. */
  async function callOf(req: Request): Promise<{ callSid: string; conversation: ConversationRecord; caller: string }> {
    const callSid = field(req, 'CallSid');
    const call = await voiceCall(db, callSid);
    const conversation = call ? await getConversation(db, call.conversationId) : null;
    if (!call || !conversation) throw new ApiError(404, 'not_found', 'call not found: it did not start at /channels/voice/incoming');
    return { callSid, conversation, caller: call.caller };
  }

  router.post('/incoming', async (req, res) => {
    const callSid = field(req, 'CallSid');
    const caller = callerOf(req);
    const locale = callLocale({ url: req.originalUrl, calledNumber: field(req, 'To') });
    const contact = await upsertContact(db, { channel: 'phone', externalId: caller, name: null, locale, phone: caller.startsWith('unknown:') ? null : caller });
    const conversation = await openConversationFor(context, contact);
    await startVoiceCall(db, { callSid, conversationId: conversation.id, caller });
    await markAllHeard(db, callSid);
    const spoken = conversation.locale ?? locale;
    twiml(res, greetAndListen({ say: DEFAULT_PROMPTS[spoken].voiceGreeting, locale: spoken, actionUrl: url('/speech', { turn: '1', lang: spoken }) }));
  });

  router.post('/speech', async (req, res) => {
    const { callSid, conversation, caller } = await callOf(req);
    const locale = localeOf(req, conversation);
    const turn = Number(req.query.turn) || 1;
    const next = url('/speech', { turn: String(turn + 1), lang: locale });
    const heard = field(req, 'SpeechResult').trim() || (field(req, 'Digits') === '0' ? DEFAULT_PROMPTS[locale].handoffMenuLabel : '');
    if (!heard) return twiml(res, answerAndListen({ says: [DEFAULT_PROMPTS[locale].voiceNotHeard], locale, actionUrl: next }));
    const received = await receiveChannelMessage(context, conversations, { channel: 'phone', externalId: caller, providerId: `${callSid}:turn:${turn}`, text: heard, locale });
    const state = received.reply?.state ?? received.conversation.state;
    if (state === 'bot') return twiml(res, answerAndListen({ says: await takeUnheard(db, callSid), locale, actionUrl: next }));
    if (state === 'resolved') return twiml(res, sayAndHangUp({ says: [...(await takeUnheard(db, callSid)), DEFAULT_PROMPTS[locale].voiceGoodbye], locale }));
    // Handed over: the caller waits in the provider's queue, and its first wait document (asked at
    // once) speaks the transfer and Baton's own place in line, with the callback key.
    twiml(res, transferToQueue({ says: [], locale, queueName: `baton-${conversation.id}`, waitUrl: url('/wait', { lang: locale }), actionUrl: url('/dequeued', { lang: locale }) }));
  });

  /** The provider asks this again and again while the caller waits. */
  router.post('/wait', async (req, res) => {
    const { callSid, conversation } = await callOf(req);
    const locale = localeOf(req, conversation);
    const assignment = conversation.state === 'agent_assigned' ? await assignmentOf(db, conversation.id) : null;
    if (conversation.state === 'resolved') return twiml(res, leaveQueue());
    if (assignment?.status === 'active') {
      // The caller is bridged once the agent-joined prompt is stored (the workflow writes it just after
      // the acceptance), so it is spoken first; after a grace period, bridged regardless.
      const joined = assignment.acceptedAt !== null && (Date.now() - Date.parse(assignment.acceptedAt) > JOIN_GRACE_MS || (await systemMessageSince(db, conversation.id, assignment.acceptedAt)));
      if (joined || assignment.acceptedAt === null) return twiml(res, leaveQueue());
      return twiml(res, waitAnnouncement({ says: [], locale, pauseSeconds: 1 }));
    }
    const says = await takeUnheard(db, callSid);
    const callbackOffer = says.length > 0 && conversation.state === 'queued' ? { say: DEFAULT_PROMPTS[locale].voiceCallbackKey, keypressUrl: url('/keypress', { lang: locale }) } : undefined;
    twiml(res, waitAnnouncement({ says, locale, pauseSeconds: WAIT_PAUSE_SECONDS, ...(callbackOffer ? { callbackOffer } : {}) }));
  });

  /** A key pressed while waiting: 1 asks to be called back on the number that called. */
  router.post('/keypress', async (req, res) => {
    const { conversation, caller } = await callOf(req);
    if (field(req, 'Digits') !== '1' || !/^\+?\d{3,20}$/.test(caller)) return twiml(res, waitAnnouncement({ says: [], locale: localeOf(req, conversation), pauseSeconds: 1 }));
    await saveCallbackNumber(db, conversation.id, caller);
    try {
      await conversations.send(conversation, leaveQueueUpdate, { choice: 'callback' }, `leave-call-${field(req, 'CallSid')}`);
    } catch (error) {
      // Taken by an agent a moment ago: the caller stays and is bridged.
      if (!(error instanceof ApiError && error.code === 'transition_refused')) throw error;
    }
    twiml(res, leaveQueue());
  });

  /** The call left the provider's queue: bridged to the agent who accepted, or told it is over. */
  router.post('/dequeued', async (req, res) => {
    const { callSid, conversation } = await callOf(req);
    const locale = localeOf(req, conversation);
    if (field(req, 'QueueResult') === 'hangup') {
      await endVoiceCall(db, callSid);
      if (conversation.state === 'queued') await conversations.send(conversation, leaveQueueUpdate, { choice: 'abandon' }).catch(() => undefined);
      return twiml(res, sayAndHangUp({ says: [], locale }));
    }
    const assignment = conversation.state === 'agent_assigned' ? await assignmentOf(db, conversation.id) : null;
    const says = await takeUnheard(db, callSid);
    if (assignment?.status === 'active') {
      return twiml(res, bridgeToAgent({ says, locale, agent: { kind: 'client', identity: assignment.agentId }, actionUrl: url('/bridge-ended', { lang: locale }) }));
    }
    twiml(res, sayAndHangUp({ says: says.length ? says : [DEFAULT_PROMPTS[locale].leftQueue], locale }));
  });

  router.post('/bridge-ended', async (req, res) => {
    const { callSid, conversation } = await callOf(req);
    await endVoiceCall(db, callSid);
    twiml(res, sayAndHangUp({ says: [DEFAULT_PROMPTS[localeOf(req, conversation)].voiceGoodbye], locale: localeOf(req, conversation) }));
  });

  /** The provider's status callback: a call that ended while waiting leaves the queue. */
  router.post('/status', async (req, res) => {
    const callSid = field(req, 'CallSid');
    const call = await voiceCall(db, callSid);
    if (call && ['completed', 'canceled', 'failed', 'no-answer', 'busy'].includes(field(req, 'CallStatus'))) {
      await endVoiceCall(db, callSid);
      const conversation = await getConversation(db, call.conversationId);
      if (conversation?.state === 'queued') {
        await conversations.send(conversation, leaveQueueUpdate, { choice: 'abandon' }, `leave-hangup-${callSid}`).catch((error: unknown) => {
          if (!(error instanceof ApiError && error.code === 'transition_refused')) throw error;
        });
      }
    }
    res.status(204).end();
  });

  return router;
}
