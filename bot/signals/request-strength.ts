/**
 * Does the customer ask for a person? `explicit` is a request no one should second-guess
 * ("human agent", 转人工); `soft` is a reaching-out the bot may answer with an offer ("is anyone
 * there", 有人吗, "are you a bot?"). Asking how to contact customer service (a phone number, an
 * email) is neither.
 */
export interface HumanRequest {
  strength: 'explicit' | 'soft';
  evidence: string;
}

/** The stronger of two readings; an explicit request wins over a soft one, the first over a later one. */
export function strongest(found: Array<HumanRequest | null>): HumanRequest | null {
  const requests = found.filter((request): request is HumanRequest => request !== null);
  return requests.find((request) => request.strength === 'explicit') ?? requests[0] ?? null;
}
