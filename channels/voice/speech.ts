import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { LOCALES, type Locale } from '../../domain/conversation';

/**
 * How a Baton locale is spoken and heard on a TwiML call. The codes are typed by the twilio
 * package's own lists of `<Say>` languages and voices and `<Gather>` languages, so a code Twilio
 * does not accept fails to compile.
 */
// The package declares these code lists but does not export them, so they are read off the attributes.
type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;
type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;
type GatherLanguage = NonNullable<VoiceResponse.GatherAttributes['language']>;

export interface CallSpeech {
  /** `<Say language>`: the text-to-speech locale. */
  sayLanguage: SayLanguage;
  /** `<Say voice>`: named, because an account's default voice may not speak the language at all. */
  voice: SayVoice;
  /** `<Gather language>`: the speech-recognition locale (BCP-47, as Google STT names it). */
  gatherLanguage: GatherLanguage;
}

export const CALL_SPEECH: Record<Locale, CallSpeech> = {
  // Mandarin, mainland: Zhiyu is Polly's only Mandarin voice and speaks cmn-CN. Twilio's
  // recogniser takes `zh` or `cmn-Hans-CN`; the script-tagged one says which Chinese is meant.
  'zh-CN': { sayLanguage: 'cmn-CN', voice: 'Polly.Zhiyu-Neural', gatherLanguage: 'cmn-Hans-CN' },
  // Mandarin, Taiwan: Polly has no Taiwanese voice (Zhiyu reads with a mainland accent), Google
  // has cmn-TW; recognised as Traditional-script Mandarin.
  'zh-TW': { sayLanguage: 'cmn-TW', voice: 'Google.cmn-TW-Wavenet-A', gatherLanguage: 'cmn-Hant-TW' },
  en: { sayLanguage: 'en-US', voice: 'Polly.Joanna-Neural', gatherLanguage: 'en-US' },
};

export function callSpeech(locale: Locale): CallSpeech {
  return CALL_SPEECH[locale];
}

/** Calling codes whose callers Baton answers in Traditional Chinese: Taiwan, Hong Kong, Macau. */
const TRADITIONAL_CALLING_CODES = ['886', '852', '853'];

/**
 * The locale a call is answered in: an explicit `?lang=` on the webhook URL (a number configured
 * per language), else the country of the number the customer called, else English.
 */
export function callLocale({ url, calledNumber }: { url: string; calledNumber: string | undefined }): Locale {
  const asked = requestedLocale(url);
  if (asked) return asked;
  const digits = internationalDigits(calledNumber ?? '');
  if (digits.startsWith('86')) return 'zh-CN';
  if (TRADITIONAL_CALLING_CODES.some((code) => digits.startsWith(code))) return 'zh-TW';
  return 'en';
}

function requestedLocale(url: string): Locale | null {
  let lang: string | null;
  try {
    // A path such as Express's originalUrl is fine too: the base only makes it parseable.
    lang = new URL(url, 'http://baton.invalid').searchParams.get('lang');
  } catch {
    return null;
  }
  if (!lang) return null;
  return LOCALES.find((locale) => locale.toLowerCase() === lang.trim().toLowerCase()) ?? null;
}

/** The digits after the international prefix, or '' for a number written nationally (no country known). */
function internationalDigits(number: string): string {
  const compact = number.replace(/[\s().-]/g, '');
  if (compact.startsWith('+')) return compact.slice(1);
  if (compact.startsWith('00')) return compact.slice(2);
  return '';
}
