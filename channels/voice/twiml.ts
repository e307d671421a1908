import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Locale } from '../../domain/conversation';
import { callSpeech } from './speech';

/**
 * Every TwiML document Baton answers a call with, as pure functions returning the XML. The texts
 * come from the caller (prompts, the bot's replies); these only lay them out. Twilio's builder
 * escapes `<&>` in text and attributes; what it would refuse (characters XML cannot hold) is
 * dropped here first, so a stray control character in a bot reply cannot fail the whole call.
 */

/** Who a call is bridged to: a phone number, or a Twilio Client (browser/softphone) identity. */
export type AgentEndpoint = { kind: 'number'; number: string } | { kind: 'client'; identity: string };

/** What the caller hears first, in their language. */
interface Spoken {
  says: string[];
  locale: Locale;
}

/** Seconds of silence before a `<Gather>` gives up and falls through to the `<Redirect>`. */
const LISTEN_TIMEOUT_SECONDS = 6;
/** Seconds a caller on hold has to press the key after the offer is read. */
const KEYPRESS_TIMEOUT_SECONDS = 3;

/** A greeting, then listening for speech or keys. */
export function greetAndListen({ say, ...rest }: { say: string; locale: Locale; actionUrl: string; noInputUrl?: string }): string {
  return answerAndListen({ says: [say], ...rest });
}

/**
 * Says (inside the `<Gather>`, so the caller may talk over them), then listens; what was heard is
 * POSTed to `actionUrl` as `SpeechResult`/`Digits`. When nothing is heard the `<Redirect>` POSTs
 * `noInputUrl` (default `actionUrl`, which then sees neither) so Baton can prompt again.
 */
export function answerAndListen({
  says,
  locale,
  actionUrl,
  noInputUrl = actionUrl,
}: Spoken & { actionUrl: string; noInputUrl?: string }): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    input: ['speech', 'dtmf'],
    language: callSpeech(locale).gatherLanguage,
    action: actionUrl,
    method: 'POST',
    speechTimeout: 'auto',
    timeout: LISTEN_TIMEOUT_SECONDS,
  });
  for (const text of speakable(says)) gather.say(sayAttributes(locale), text);
  response.redirect({ method: 'POST' }, noInputUrl);
  return response.toString();
}

/**
 * Says, then puts the call in the provider's queue named `queueName`. The provider POSTs `waitUrl`
 * while the call waits (answered with `waitAnnouncement` or `leaveQueue`) and `actionUrl` once it
 * leaves, with `QueueResult` saying why (`leave`, `hangup`, `bridged`, …).
 */
export function transferToQueue({
  says,
  locale,
  queueName,
  waitUrl,
  actionUrl,
}: Spoken & { queueName: string; waitUrl: string; actionUrl: string }): string {
  const response = new VoiceResponse();
  sayAll(response, says, locale);
  response.enqueue({ waitUrl, waitUrlMethod: 'POST', action: actionUrl, method: 'POST' }, clean(queueName));
  return response.toString();
}

/**
 * What a `waitUrl` answers: the place in line, optionally an offer taken by one key (POSTed to
 * `keypressUrl` as `Digits`), then a pause before the provider asks again. Wait documents may
 * only use Say, Play, Pause, Gather, Redirect, Leave and Hangup; this uses Say, Gather and Pause.
 */
export function waitAnnouncement({
  says,
  locale,
  pauseSeconds,
  callbackOffer,
}: Spoken & { pauseSeconds: number; callbackOffer?: { say: string; keypressUrl: string } }): string {
  const response = new VoiceResponse();
  sayAll(response, says, locale);
  if (callbackOffer) {
    const gather = response.gather({
      input: ['dtmf'],
      numDigits: 1,
      action: callbackOffer.keypressUrl,
      method: 'POST',
      timeout: KEYPRESS_TIMEOUT_SECONDS,
    });
    for (const text of speakable([callbackOffer.say])) gather.say(sayAttributes(locale), text);
  }
  const pause = Math.floor(pauseSeconds);
  if (pause >= 1) response.pause({ length: pause });
  return response.toString();
}

/**
 * Takes the call out of the queue (a wait document or a keypress answer); the provider then POSTs
 * the `<Enqueue>` action with `QueueResult=leave`, whose answer says what happens next.
 */
export function leaveQueue({ says = [], locale = 'en' }: Partial<Spoken> = {}): string {
  const response = new VoiceResponse();
  sayAll(response, says, locale);
  response.leave();
  return response.toString();
}

/**
 * Says, then connects the caller to the agent. `actionUrl` is POSTed when the bridge ends
 * (`DialCallStatus`); `callerId` is the number the agent's phone shows.
 */
export function bridgeToAgent({
  says,
  locale,
  agent,
  actionUrl,
  callerId,
}: Spoken & { agent: AgentEndpoint; actionUrl: string; callerId?: string }): string {
  const response = new VoiceResponse();
  sayAll(response, says, locale);
  const dial = response.dial({ action: actionUrl, method: 'POST', ...(callerId ? { callerId } : {}) });
  if (agent.kind === 'number') dial.number(clean(agent.number));
  else dial.client(clean(agent.identity));
  return response.toString();
}

/** The last words of a call. */
export function sayAndHangUp({ says, locale }: Spoken): string {
  const response = new VoiceResponse();
  sayAll(response, says, locale);
  response.hangup();
  return response.toString();
}

function sayAll(response: VoiceResponse, says: string[], locale: Locale): void {
  for (const text of speakable(says)) response.say(sayAttributes(locale), text);
}

function sayAttributes(locale: Locale): VoiceResponse.SayAttributes {
  const { sayLanguage, voice } = callSpeech(locale);
  return { language: sayLanguage, voice };
}

/** Twilio warns on an empty `<Say>` and reads nothing: leave those out. */
function speakable(says: string[]): string[] {
  return says.map(clean).filter((text) => text.trim() !== '');
}

/** Drops what XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
function clean(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
