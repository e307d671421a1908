/**
 * English text as tokens for the trigger rules: lower case, NFKC, chat shorthand spelled out
 * ("pls", "u", "wth", "dont"), @handles and links dropped, and words within one edit of the
 * vocabulary the rules care about corrected ("represenative" → "representative"), because
 * customers type fast. Clause breaks (. , ! ? ;) are kept as '|' so a rule can stay inside one.
 */
const VOCABULARY = [
  'human', 'humans', 'person', 'people', 'agent', 'agents', 'representative', 'representatives', 'operator', 'operators',
  'someone', 'somebody', 'employee', 'staff', 'assistant', 'advisor', 'adviser', 'consultant', 'executive', 'executives',
  'supervisor', 'manager', 'customer', 'service', 'support', 'talk', 'speak', 'connect', 'transfer', 'contact', 'escalate',
  'please', 'want', 'need', 'would', 'could', 'through', 'phone', 'number', 'email', 'calling', 'hours', 'address',
  'complain', 'complaint', 'useless', 'helpful', 'terrible', 'talking', 'speaking', 'chatting', 'contacting', 'connecting',
  'machine', 'robot', 'assistance', 'forward', 'anyone', 'anybody', 'callback', 'real', 'live', 'actual',
];
/**
 * Words that are right as typed though one edit from the vocabulary: "what" is not a typo of
 * "chat", nor "like" of "live", nor "fall" of "call".
 */
const COMMON = `a about after again all also am an and any are as at away back bad be been before being best better big bill both but by
  called calls came can care cart case cell chai chap char chart chat cheap coat come contract cool could date deal did do does
  done down each even ever every fall falling feed feel fill find fine for fours from gave get give go good got had hall has
  have he heat her here hide him his hold how humid humor i if in into is it its just keep kind know last late lead lease leave
  left less lesson let life like line live liver lost love lover made make many may me meal mean meat more most much must my
  need never new next no not now number of off old on once one only or other our ours out over own paid parson part past pay
  peak people persons place play please pleased point poison pours prison put rate read real reason ride right role rude rule
  said same save say season seat see seed seem sell send sent set she should show side since site size sneak sneaking so sole
  some soon soul speak spear steak stiff still stuff such sure table tack tacking tail take taking tale tales talked talks tall
  tank teach tell than thank that the their them then there these they thing think this thorough those though time to told too
  took tours try turn under until up upon us use very wait walk walking walks wall want was way we weak well went were what
  when where which while who why wide will wish with without word work world would wound year yes yet you your yours`;
const KNOWN = new Set([...VOCABULARY, ...COMMON.split(/\s+/).filter(Boolean)]);

/** Shorthand as customers type it, spelled out. */
const SHORTHAND: Record<string, string> = {
  u: 'you', ur: 'your', r: 'are', pls: 'please', plz: 'please', plss: 'please', plzz: 'please', pleez: 'please', pleas: 'please',
  wanna: 'want to', gonna: 'going to', gimme: 'give me', lemme: 'let me', wth: 'with', wid: 'with', wit: 'with', w: 'with',
  tlk: 'talk', spk: 'speak', cust: 'customer', cc: 'customer care', exec: 'executive', execs: 'executives', ppl: 'people',
  some1: 'someone', sum1: 'someone', any1: 'anyone', ne1: 'anyone', hw: 'how', cn: 'can', abt: 'about', im: 'i am', ive: 'i have',
  dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'can not', cannot: 'can not', wont: 'will not', isnt: 'is not',
  arent: 'are not', wasnt: 'was not', werent: 'were not', havent: 'have not', hasnt: 'has not', hadnt: 'had not',
  wouldnt: 'would not', couldnt: 'could not', shouldnt: 'should not', "i'd": 'i would', "i'm": 'i am', "i've": 'i have',
  "i'll": 'i will', "let's": 'let us', "can't": 'can not', "won't": 'will not', "it's": 'it is', "that's": 'that is',
  tak: 'talk', tlak: 'talk', takl: 'talk', thx: 'thanks', thnx: 'thanks', tnx: 'thanks', ty: 'thank you', asap: 'now', rn: 'now', b4: 'before', coz: 'because', bcoz: 'because',
};

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or swap). */
function withinOneEdit(a: string, b: string, substitution: boolean): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (substitution && a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function correct(word: string): string {
  if (KNOWN.has(word) || word.length < 4 || /\d/.test(word)) return word;
  // A swapped letter is a typo at any length; a changed letter only in a word of five letters or more, and in the two
  // short verbs that matter most ("tslk", "cjat"), since most four-letter words are a letter from another.
  return VOCABULARY.find((known) => known.length >= 4 && withinOneEdit(word, known, known.length >= 5 || known === 'talk' || known === 'chat')) ?? word;
}

/** Clauses break at these, and at line ends. */
const BREAK = /[.!?;,，。！？；\n]+/g;

export function englishTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[’`]/g, "'")
    .replace(BREAK, ' | ')
    .replace(/\b(some|any|no) ?(one|body)\b/g, '$1$2')
    .replace(/[^a-z0-9'| ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((raw) => {
      const word = raw.replace(/^'+|'+$/g, '');
      const spelled = (Object.hasOwn(SHORTHAND, word) ? SHORTHAND[word] : undefined) ?? word.replace(/n't$/, ' not').replace(/'s$/, '');
      return spelled.split(' ');
    })
    .filter(Boolean)
    .map(correct);
}
