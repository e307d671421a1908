import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';

/**
 * The `X-Twilio-Signature` check (Twilio, and providers that follow it such as Telnyx TeXML):
 * base64 HMAC-SHA1, keyed with the auth token, of the full URL followed by every POST parameter
 * as name+value in name order. For a GET the parameters are in the URL and `params` is empty.
 * The twilio package does the arithmetic; this module only makes it total.
 */

/** Form parameters as a body parser gives them; a repeated name arrives as an array. */
export type TwilioParams = Record<string, string | string[]>;

export const SIGNATURE_HEADER = 'x-twilio-signature';

/** Base64 of a SHA-1 (28 characters) or SHA-256 (44) digest; anything longer is not worth hashing. */
const PLAUSIBLE_SIGNATURE = /^[A-Za-z0-9+/]{27,43}=?$/;

/** Whether the request was signed with this auth token. Never throws: a malformed header is simply false. */
export function verifyTwilioRequest({
  authToken,
  url,
  params,
  signature,
}: {
  authToken: string;
  /** Exactly the URL the provider requested: scheme, host, path and query as configured. */
  url: string;
  params: TwilioParams;
  signature: unknown;
}): boolean {
  if (!authToken || typeof signature !== 'string' || !PLAUSIBLE_SIGNATURE.test(signature)) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    // validateRequest parses the URL and throws on one it cannot: not a request Twilio signed.
    return false;
  }
}

/** The signature the provider would send for this request (the call simulator signs with it). */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
