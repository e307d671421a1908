import { englishTokens } from './english';
import { strongest, type HumanRequest } from './request-strength';
import {
  ABOUT, ASKING, BECOMING, CONTACT_DETAILS, CONVERSE, COUNTING, DEFINING, DEPARTMENT, DESIRE, FILLER, GLUE, MACHINE,
  MAKES_PERSON, MENTION_MODIFIER, NARRATED, NARRATIVE_LEAD, NEGATORS, OBJECT, OTHER_FOLLOWER, OTHER_KIND, PERSON, PROCESS,
  PUT_THROUGH, REACH, TELECOM, UNKIND, VAGUE, WANT, WEAK_PERSON,
} from './human-request-en-words';


/**
 * An English request for a person, read from how the words are used: a word for a person (which
 * differs by market: agent, executive, customer care, representative, advisor, a real person),
 * and what the customer does with it — talks to it, is connected to it, wants it, or names it
 * alone. Naming a person is not asking for one: "the agent was rude", "what is a travel agent",
 * "how do I become an agent", "customer care number", "is there a human reviewing my claim".
 */
interface Mention {
  start: number;
  end: number;
  kind: 'person' | 'vague' | 'weak' | 'department';
  words: string[];
}

/** Runs of words that name a person, with the kind of word that heads each run. */
function mentionsIn(clause: string[]): Mention[] {
  const inMention = (word: string, at: number, start: number) =>
    PERSON.has(word) || WEAK_PERSON.has(word) || DEPARTMENT.has(word) || MAKES_PERSON.has(word) || MENTION_MODIFIER.has(word) || (word === 'chat' && at > start);
  const mentions: Mention[] = [];
  let i = 0;
  while (i < clause.length) {
    let k = i;
    while (k < clause.length && inMention(clause[k]!, k, i)) k += 1;
    const words = clause.slice(i, k);
    const kind = kindOf(words);
    if (kind) mentions.push({ start: i, end: k, kind, words });
    i = Math.max(k, i + 1);
  }
  return mentions;
}

function kindOf(words: string[]): Mention['kind'] | null {
  const heads = words.filter((word, i) => WEAK_PERSON.has(word) || DEPARTMENT.has(word) || (word === 'chat' && i > 0));
  // "take care": care is a department only after customer or client.
  if (heads.length === 1 && heads[0] === 'care' && !words.includes('customer') && !words.includes('client')) return null;
  if (words.some((word) => PERSON.has(word))) return 'person';
  const made = words.some((word) => MAKES_PERSON.has(word));
  if (made && (heads.length > 0 || words.includes('service'))) return 'person';
  if (heads.some((word) => VAGUE.has(word))) return 'vague';
  if (heads.some((word) => WEAK_PERSON.has(word))) return 'weak';
  if (heads.length > 0 || (words.includes('customer') && words.includes('service'))) return 'department';
  return null;
}

/** The verb a mention hangs on: the nearest talk/connect/contact verb, with only glue words between. */
function verbBefore(clause: string[], start: number, verbs: Set<string>): number {
  let unknown = 0;
  for (let at = start - 1; at >= 0 && start - at <= 6; at -= 1) {
    const word = clause[at]!;
    // "I was talking to an agent", "I missed a call from your executive": what happened, not a request.
    if (verbs.has(word)) {
      const lead = clause.slice(Math.max(0, at - 3), at);
      const narrated = lead.some((w) => NARRATIVE_LEAD.has(w)) || (word === 'call' && lead.some((w) => ['missed', 'got', 'received', 'had'].includes(w)));
      return narrated ? -1 : at;
    }
    if (OBJECT.has(word) || CONVERSE.has(word) || REACH.has(word)) return -1;
    // An adjective or two may come between: "talk to a goddamn human", "speak with a knowledgeable agent".
    if (!GLUE.has(word) && !MENTION_MODIFIER.has(word) && !MAKES_PERSON.has(word) && (unknown += 1) > 2) return -1;
  }
  return -1;
}

function declined(before: string[]): boolean {
  if (before.includes('without') || before.join(' ').includes('no need')) return true;
  // "don't connect me to an agent", "please do not transfer": not "I can not connect to customer care", which complains.
  if (/(^|\b(do|please|pls|just)) not (connect|transfer|forward|redirect|put|escalate|route|switch|hand)\b/.test(before.join(' '))) return true;
  const nearest = before.filter((word) => !['a', 'an', 'the', 'any'].includes(word)).at(-1);
  if (nearest && ['no', 'not', 'never'].includes(nearest)) return true;
  return before.some((word, i) => NEGATORS.has(word) && (DESIRE.has(before[i + 1] ?? '') || (['really', 'even', 'actually'].includes(before[i + 1] ?? '') && DESIRE.has(before[i + 2] ?? ''))));
}

/** What one mention of a person amounts to in its clause. */
function readMention(clause: string[], mention: Mention, earlier: string[]): HumanRequest | null {
  const before = clause.slice(0, mention.start);
  const after = clause.slice(mention.end);
  const head = mention.words.at(-1)!;
  const evidence = [...before.slice(-3), ...mention.words].join(' ');
  if (OTHER_KIND.has(clause[mention.start - 1] ?? '') || mention.words.some((word) => OTHER_KIND.has(word))) return null;
  if (OTHER_FOLLOWER.has(after[0] ?? '')) return null;
  if ((mention.kind === 'weak' || mention.kind === 'vague') && COUNTING.has(clause[mention.start - 1] ?? '')) return null;
  if (before.some((word) => BECOMING.has(word)) || /\b(work|working|join|joining|register|registered) as( a| an| the)?$/.test(before.join(' '))) return null;
  // "complain to a manager" asks for one; "complain about an agent" does not.
  const complainsTo = /\b(complain|complaint|report) to( \w+){0,3}$/.test(before.join(' '));
  if (before.slice(-4).some((word) => ABOUT.has(word)) && !complainsTo) return null;
  // "I was told by an agent" tells; "I want to be helped by an agent" asks.
  if (before.at(-1) === 'by' && before.some((word) => ['was', 'were', 'been', 'got'].includes(word))) return null;
  if (NARRATED.has(after[0] ?? '') || (['is', 'are'].includes(after[0] ?? '') && UNKIND.has(after[1] ?? ''))) return null;
  if (declined(before)) return null;
  // "am I talking to a real person?" asks what the bot is.
  if (/\b(am i|are we|is this|are you|is it)( still| really| actually)?( (talking|chatting|speaking) (to|with))?( a| an| the)?$/.test(before.join(' '))) return { strength: 'soft', evidence };
  const conversed = verbBefore(clause, mention.start, CONVERSE) >= 0 || complainsTo;
  // Their number, not them: "customer care number", "customer care no", "email of an agent".
  const numberAfter = after[0] === 'no' && (after.length === 1 || /^\d/.test(after[1]!));
  const detailsAfter = CONTACT_DETAILS.has(after[0] ?? '') || (['phone', 'contact', 'whatsapp', 'toll', 'helpline', 'email', 'mail'].includes(after[0] ?? '') && CONTACT_DETAILS.has(after[1] ?? ''));
  const detailsBefore = ['of', 'for'].includes(before.at(-1) ?? '') && CONTACT_DETAILS.has(before.at(-2) ?? '');
  if (!conversed && (numberAfter || detailsAfter || detailsBefore)) return null;
  // "is a human reviewing my claim": a person doing the work, not one to talk to.
  if (!conversed && (PROCESS.has(after[0] ?? '') || (after[0]?.endsWith('ing') && !CONVERSE.has(after[0])))) return null;

  const reach = verbBefore(clause, mention.start, REACH);
  const handed = /\b(get|give|find|bring|send) (me|us)\b|\b(can|could|may) (i|we) have\b/.test(before.slice(-5).join(' '));
  // "help from a human", "assistance of an agent".
  const bareBefore = before.filter((word) => !['a', 'an', 'the', 'some', 'any'].includes(word));
  const helpFrom = ['help', 'assistance', 'support', 'guidance'].includes(bareBefore.at(-2) ?? '') && ['from', 'of', 'by'].includes(bareBefore.at(-1) ?? '');
  // "someone I can talk to", "a person to speak with".
  const talkAfter = /^((i|we) (can|could|may) |to )(talk|speak|chat)/.test(after.join(' '));
  // "someone help me", "is an agent available".
  const summoned = /^(please )?(be )?(help|assist|answer|respond|reply|available|there|online|free)\b/.test(after.join(' '));
  // A wish may sit in an earlier clause: "please, I need help, a human agent".
  const wishedBefore = [...earlier, ...before];
  // "someone from customer care" asked for, not "someone from your team visited".
  const fromDepartment = after[0] === 'from' && mentionsIn(after.slice(1, 5)).length > 0 && (wishedBefore.some((word) => WANT.has(word)) || after.length <= 4);
  // "executive call me back": an order to a person.
  const calledOn = /^(please )?(call|ring|contact|phone) (me|us|back)\b/.test(after.join(' ')) && !before.some((word) => ['why', 'who', 'did', 'does', 'will', 'when', 'has', 'have', 'had', 'was', 'never', 'not', 'stop', 'keeps'].includes(word));
  const defining = DEFINING.has(clause[0] ?? '') && !['i', 'we'].includes(clause[1] ?? '') && !conversed;
  const wanting = (wishedBefore.some((word) => WANT.has(word)) || wishedBefore.join(' ').includes('would like') || helpFrom) && !defining;
  const desired = DESIRE.has(before.filter((word) => !GLUE.has(word)).at(-1) ?? '');
  // Asking how to talk to a department ("how can I speak with customer service") is asking for the way there.
  const askingHow = mention.kind === 'department' && before.some((word) => ['how', 'where', 'way', 'when', 'which', 'what'].includes(word));
  const putThrough = verbBefore(clause, mention.start, PUT_THROUGH) >= 0;
  // A team is people and "customer care" names them in Indian English; a service or a desk is a department.
  const talksToDepartment = mention.kind === 'department' && !putThrough && !mention.words.includes('care') && !mention.words.some((word) => ['team', 'teams'].includes(word));
  if ((conversed && !askingHow && !talksToDepartment) || handed || talkAfter || (calledOn && mention.kind !== 'vague')) return { strength: 'explicit', evidence };
  switch (mention.kind) {
    case 'person':
      if (reach >= 0 || wanting || fromDepartment) return { strength: 'explicit', evidence };
      return summoned ? { strength: 'soft', evidence } : null;
    case 'vague':
      if (fromDepartment) return { strength: 'explicit', evidence };
      return reach >= 0 || wanting || summoned ? { strength: 'soft', evidence } : null;
    case 'weak':
      // "I need a person" reaches out; "can another person collect it" does not; "change my operator" is a telephone company.
      if (/^operators?$/.test(head) && before.some((word) => TELECOM.has(word))) return null;
      return desired || summoned || reach >= 0 || (/^operators?$/.test(head) && wanting) ? { strength: 'soft', evidence } : null;
    case 'department':
      // "I want customer care" may mean talking to them; "contact customer care" asks how.
      return desired && reach < 0 ? { strength: 'soft', evidence } : null;
  }
}

/** A message that is nothing but a word for a person: "agent", "human please", "customer care!!". */
function bare(tokens: string[]): HumanRequest | null {
  const content = tokens.filter((token) => token !== '|' && !FILLER.has(token));
  if (content.length === 0 || content.length > 4) return null;
  const mentions = mentionsIn(content);
  const evidence = content.join(' ');
  const covered = mentions.reduce((sum, mention) => sum + mention.words.length, 0);
  // "human handoff", "agent asap": a word for a person and a word of asking.
  const others = content.filter((word) => !mentions.some((mention) => mention.words.includes(word)));
  // "human handoff", "agent asap", "cc executive connect".
  if (others.length > 0 && others.length <= 2 && others.every((word) => ASKING.has(word)) && mentions.some((mention) => mention.kind === 'person')) return { strength: 'explicit', evidence };
  if (mentions.length === 0 || covered !== content.length) return null;
  return mentions.some((mention) => mention.kind === 'person') ? { strength: 'explicit', evidence } : { strength: 'soft', evidence };
}

/** Turning the bot down: "I don't want to talk to a bot", "stop the bot", "talking to a machine is useless". */
function refusesMachine(clause: string[], hasPerson: boolean): HumanRequest | null {
  for (let i = 0; i < clause.length; i += 1) {
    if (!MACHINE.has(clause[i]!)) continue;
    const before = clause.slice(Math.max(0, i - 6), i);
    const after = clause.slice(i + 1, i + 4);
    const conversing = before.some((word) => CONVERSE.has(word));
    const fedUp = before.some((word) => ['stop', 'enough', 'tired', 'sick', 'fed', 'hate', 'done', 'instead'].includes(word));
    const refusing = before.some((word) => NEGATORS.has(word)) || fedUp || after.some((word) => ['stupid', 'useless', 'pointless', 'annoying', 'terrible'].includes(word));
    if (conversing && refusing) return { strength: 'explicit', evidence: `not a ${clause[i]}` };
    if (fedUp) return { strength: hasPerson ? 'explicit' : 'soft', evidence: `not a ${clause[i]}` };
  }
  return null;
}

/** Whole-clause readings: asking what the bot is, whether anyone is there, or for a call back. */
function askedOfTheBot(joined: string): HumanRequest | null {
  const who = '(a |an )?(real |actual |live )?(human|humans|person|bot|robot|machine|chatbot|computer|ai|agent|human being|automated|automatic)';
  if (new RegExp(`\\b(are|is) (you|this|it)( still)? ${who}\\b`).test(joined) || new RegExp(`\\bam i (talking|chatting|speaking) (to|with) ${who}\\b`).test(joined)) {
    return { strength: 'soft', evidence: 'asks whether it is a person' };
  }
  if (/\b(human|person) or (a )?(bot|machine|robot)\b|\b(bot|machine|robot) or (a )?(real )?(human|person)\b/.test(joined)) return { strength: 'soft', evidence: 'asks whether it is a person' };
  return peopleThere(joined) ?? anyoneThere(joined);
}

/** "do you have live agents", "are there real people working there" — but not "is there a human reviewing my claim". */
function peopleThere(joined: string): HumanRequest | null {
  const there = /\b(do you have|do we have|is there|are there|have you got)\b( \w+){0,5}? (human|humans|real person|real people|live agent|live agents|live support|live person|live chat|agent|agents|someone|anyone|executive|executives|representative|representatives)\b( (\w+))?/.exec(joined);
  if (!there) return null;
  const between = there[0].split(' ');
  const doing = there[5];
  const otherKind = between.some((word) => OTHER_KIND.has(word)) || (doing !== undefined && OTHER_FOLLOWER.has(doing));
  const working = doing !== undefined && (PROCESS.has(doing) || (doing.endsWith('ing') && !CONVERSE.has(doing)));
  return otherKind || working ? null : { strength: 'soft', evidence: 'asks whether people are there' };
}

/** "is anyone there", "hello anybody", and asking to be called back. */
function anyoneThere(joined: string): HumanRequest | null {
  if (
    /\b(is|are) (there |)(any ?one|any ?body|some ?one|some ?body) (there|here|available|around|online|listening|awake|home)\b/.test(joined) ||
    /^(hello |hi |hey )?(any ?one|any ?body) (there|here|home|around)\b/.test(joined) ||
    // "any real person here?", "any human available"
    /^(hello |hi |hey )?any (real |live |actual )?(person|human|human being|people|humans|agent|executive) (there|here|available|around|online)\b/.test(joined) ||
    /^(hello |hi |hey )?(is|are) there (any ?one|any ?body|some ?one|any person|a person|any human|a human|any people|any real person)( (to|who can|that can) (help|talk|speak|chat|answer))?( please)?$/.test(joined)
  ) {
    return { strength: 'soft', evidence: 'anyone there' };
  }
  // "i want to talk", "please connect me": a conversation with no one named.
  const talk = /\b((want|need|wanna|like|wish|have) to|can i|can we|could i|let me|please) (talk|speak|chat)( now| please| urgently| immediately)?$|\b(connect|transfer|forward) (me|us)( now| please| urgently| immediately)?$/.exec(joined);
  if (talk && !/\bnot $/.test(joined.slice(0, talk.index))) return { strength: 'soft', evidence: talk[0] };
  // "please call, i can't type": a call asked for without saying whom.
  const call = /\b(call ?back|call me|ring me|a call|call from)\b|^(pls |plz |please |kindly )call\b(?! (center|centre|centers|centres|charges?|rates?))/.exec(joined);
  // Calls the customer did not ask for: "fake call from your company", a caller tune.
  const unwanted = /\b(why|stop|never|not|no|who|missed|got|received|getting|receiving|keep|keeps|kept|again|already|fake|spam|fraud|unknown|frequent|repeated|promotional|many)\b/;
  if (call && !unwanted.test(joined.slice(0, call.index)) && !/^(call ?back|call) (tune|tunes|ringtone|ring tone|service|services|rates?|charges?|plan|pack)\b/.test(joined.slice(call.index))) {
    const from = /\b(call ?back|call|a call) from\b/.test(joined);
    const asked =
      /\b(want|need|please|pls|plz|can|could|would|kindly|request|arrange|schedule|get|give|like|expecting|waiting for|ask|tell|have|let|make)\b/.test(joined.slice(0, call.index)) ||
      call.index === 0 ||
      /^(call ?back|call me|a call)( \w+)? (needed|required|wanted|now|please|request|requested)\b/.test(joined.slice(call.index));
    if (from || asked) return { strength: from ? 'explicit' : 'soft', evidence: call[0] };
  }
  return null;
}

/**
 * The person named first, then the problem: "human please my order is wrong", "agent my payment
 * deducted twice", "executive - sim not activated" — the shortest way to ask, as in Chinese (人工 我的快递…).
 * Only a word that is a person on its own, with nothing that makes it something else after it.
 */
function leadingPerson(clause: string[]): HumanRequest | null {
  const start = clause.findIndex((word) => !['hi', 'hello', 'hey', 'dear', 'ok', 'okay', 'sir', 'madam'].includes(word));
  const first = clause[start];
  if (first === undefined || !PERSON.has(first) || ['manager', 'managers', 'supervisor', 'supervisors'].includes(first)) return null;
  const next = clause[start + 1];
  if (next === undefined) return null;
  // "agent login", "human error", "executive class", "agent said", "agent is rude", "agent of record": not a person asked for.
  const notAsking = ['is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'did', 'does', 'do', 'who', 'which', 'that', 'of', 'for', 'and', 'or', 'to', 'in', 'on', 'at', 'no', 'ne', 'ka', 'ki', 'ke', 'wala', 'wale', 'wali'];
  if (OTHER_FOLLOWER.has(next) || CONTACT_DETAILS.has(next) || NARRATED.has(next) || UNKIND.has(next) || notAsking.includes(next) || PERSON.has(next) || DEPARTMENT.has(next)) return null;
  return NARRATED.has(clause[start + 2] ?? '') ? null : { strength: 'explicit', evidence: first };
}

/**
 * Hinglish, as Indian customers type it: "executive se baat karni hai", "agent se connect karo",
 * "customer care se baat karao", "executive ko bulao", "koi banda hai kya", "mujhe call karo".
 */
const HINGLISH_PERSON = '(agent|agents|executive|executives|customer care|customer support|customer service|support team|human|insaan|insan|banda|bande|aadmi|admi|person|representative|advisor|rm|team|manager|senior|supervisor|kisi|someone)';
const HINGLISH_DO = '(karo|kro|karao|krao|karwao|karvao|karwa do|karva do|kara do|krwa do|karni hai|karna hai|krni hai|krna hai|kar do|krdo|kardo|karwado|karado|kijiye|kariye|chahiye|chahta|chahti|hai|h)';
const HINGLISH: RegExp[] = [
  new RegExp(`\\b${HINGLISH_PERSON} (se|say|sey|sai) (baat|bat|baath|connect|contact|milao|milwao|milwa do|mila do|jodo|jod do|talk|chat)\\b`),
  new RegExp(`\\b${HINGLISH_PERSON} (ko|ku) (bulao|bulaiye|bula do|bhejo|call karo|transfer|connect|do|de do)\\b`),
  new RegExp(`\\b${HINGLISH_PERSON} (chahiye|chaiye|chahie|chahiyee)\\b`),
  /\bkoi (banda|bande|insaan|insan|aadmi|admi|person|human|executive|agent|hai)\b.*\b(hai|h|he)\b/,
  new RegExp(`\\b(mujhe|muje|mujhko|hume|humein|hamein|mereko) (call|callback|call back) ${HINGLISH_DO}\\b|\\b(call|callback|call back) (karo|kro|krdo|kardo|kar do|karwao|karwa do|kijiye|kariye|chahiye)\\b`),
  new RegExp(`\\b(baat|bat) ${HINGLISH_DO}\\b.*\\b${HINGLISH_PERSON}\\b`),
  /\bko (transfer|forward|escalate) (karo|kro|kar do|krdo|kardo|kijiye)\b/,
];

function hinglishRequest(joined: string): HumanRequest | null {
  const found = HINGLISH.map((pattern) => pattern.exec(joined)).find((match) => match !== null);
  if (!found) return null;
  // "agent ne bola", "executive ka number": told about, or a number asked for.
  if (/\b(number|no|email|id|ne|ka number|ki email)\b/.test(joined.slice(found.index, found.index + found[0].length)) || /\b(mat|nahi|nahin|na)\s*(karo|kro|karna)?$/.test(joined.slice(0, found.index))) return null;
  return { strength: /\bkoi\b/.test(found[0]) ? 'soft' : 'explicit', evidence: found[0] };
}

export function englishHumanRequest(text: string): HumanRequest | null {
  const tokens = englishTokens(text);
  if (tokens.length === 0) return null;
  const clauses = tokens.join(' ').split('|').map((clause) => clause.trim().split(' ').filter(Boolean)).filter((clause) => clause.length > 0);
  const readings: Array<HumanRequest | null> = [];
  const mentioned = clauses.map((clause) => mentionsIn(clause));
  const hasPerson = mentioned.some((mentions) => mentions.some((mention) => mention.kind !== 'department'));
  clauses.forEach((clause, i) => {
    readings.push(refusesMachine(clause, hasPerson));
    const earlier = clauses.slice(Math.max(0, i - 2), i).flat();
    for (const mention of mentioned[i]!) readings.push(readMention(clause, mention, earlier));
  });
  // The whole-clause readings after the mentions, so a named person is the evidence when there is one.
  for (const clause of clauses) readings.push(askedOfTheBot(clause.join(' ')), bare(clause));
  readings.push(leadingPerson(clauses[0] ?? []), hinglishRequest(clauses.flat().join(' ')));
  readings.push(peopleThere(clauses.flat().join(' ')));
  readings.push(bare(tokens));
  return strongest(readings);
}
