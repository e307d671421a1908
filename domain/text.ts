/** Text Postgres cannot store: a NUL, or half of a UTF-16 surrogate pair. */
export const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_TEXT.source, 'g');

/**
 * Text from outside (a provider's message, a provider's error) made storable rather than refused:
 * NULs dropped, half surrogate pairs made U+FFFD, cut to `maxUnits` UTF-16 units without ever
 * splitting a pair.
 */
export function storableText(text: string, maxUnits = Number.POSITIVE_INFINITY): string {
  const cleaned = text.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '' : '\ufffd'));
  if (cleaned.length <= maxUnits) return cleaned;
  const cut = cleaned.slice(0, maxUnits);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
