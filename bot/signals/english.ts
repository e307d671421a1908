/**
 * English text as tokens for the trigger rules: lower case, NFKC, punctuation dropped, and words
 * within one edit of the vocabulary the rules care about corrected ("represenative" →
 * "representative"), because customers type fast.
 */
const VOCABULARY = [
  'human', 'humans', 'person', 'people', 'agent', 'agents', 'representative', 'representatives', 'operator', 'operators',
  'someone', 'somebody', 'employee', 'staff', 'assistant', 'advisor', 'adviser', 'consultant', 'real', 'live', 'actual',
  'talk', 'speak', 'chat', 'connect', 'transfer', 'contact', 'reach', 'escalate', 'customer', 'service', 'support',
  'please', 'want', 'need', 'would', 'could', 'can', 'let', 'give', 'get', 'put', 'through', 'phone', 'number', 'email',
  'call', 'calling', 'hours', 'address', 'complain', 'complaint', 'rude', 'useless', 'helpful', 'terrible', 'angry',
  'talking', 'speaking', 'chatting', 'contacting', 'connecting', 'manager', 'supervisor', 'machine', 'robot', 'assistance',
  'forward', 'anyone', 'anybody', 'someone',
];
const KNOWN = new Set(VOCABULARY);

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or swap). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function correct(word: string): string {
  if (KNOWN.has(word) || word.length < 4) return word;
  return VOCABULARY.find((known) => known.length >= 4 && Math.abs(known.length - word.length) <= 1 && withinOneEdit(word, known)) ?? word;
}

export function englishTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/n't\b/g, ' not')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => correct(word.replace(/^'+|'+$/g, '')));
}
