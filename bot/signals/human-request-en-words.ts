/**
 * The English words the request-for-a-person rules read (human-request-en.ts), by what they do in
 * a sentence. Tokens are lower case and typo-corrected first (english.ts).
 */
const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

/** Words that mean a person of the company on their own. */
export const PERSON = set(`human humans humanbeing agent agents representative representatives executive executives advisor advisors adviser
  advisers supervisor supervisors manager managers`);
/** Words that mean a person only when the customer talks to them or is put through to them. */
export const WEAK_PERSON = set(`person persons people someone somebody anyone anybody operator operators staff employee employees consultant
  consultants specialist specialists associate associates expert experts rep reps guy lady individual officer officers senior seniors
  assistant assistants superior boss authority authorities official officials incharge pharmacist pharmacists doctor doctors physician
  nurse dietitian dietician nutritionist counsellor counselor coordinator technician engineer lead rm`);
/** Anyone at all: a softer reaching-out than a named person. */
export const VAGUE = set('someone somebody anyone anybody');
/** A department or a team: being put through to one is a request; contacting one asks how to (human-request-en.ts). */
export const DEPARTMENT = set('care support helpdesk desk department centre center team teams');
/** Words that make a person of what follows ("live chat", "real person", "human support"). */
export const MAKES_PERSON = set('real live actual human genuine physical proper');
/** Words that may stand inside a mention of a person: "customer care executive", "your senior support team". */
export const MENTION_MODIFIER = set('customer client service senior higher level technical tech sales account relationship concerned store branch');
/** Uses of these words that are not a company's person: a travel agent, a mobile operator, a password manager. */
export const OTHER_KIND = set(`travel estate insurance booking secret user shipping delivery courier customs clearing forwarding ticket
  ticketing field cleaning undercover double rental leasing recruitment talent sports literary ai autonomous software browser tour
  network mobile sim telecom machine forklift camera password download file task ads package device boot missing third google virtual
  voice shopping`);
/** What follows these words when they are not a person: "agent login", "human error", "executive class". */
export const OTHER_FOLLOWER = set(`id code login portal app commission registration program programme license licence fee fees training job jobs
  banking mode software resources resource error errors rights body hair nature verification class lounge seat seats suite chair
  summary mba director else trafficking`);
/** Counting people or pricing per person: "per person", "in person", "two people". */
export const COUNTING = set('per in each every one two three four five many no few several more');
/** Becoming one, not reaching one. */
export const BECOMING = set('become becoming hire hiring recruit recruiting career careers applying vacancy vacancies');
/** An operator that is a telephone company: "change my operator", "wrong operator selected". */
export const TELECOM = set('change changing select selected choose wrong my which port recharge prepaid postpaid plan');
/** Opening a question about what something is: "what is a travel agent". */
export const DEFINING = set('what whats define definition meaning means');

/** Talking to someone, now, or being put through. */
export const CONVERSE = set(`talk talking speak speaking chat chatting connect connecting transfer transferring forward forwarding redirect route
  escalate switch hand handover discuss communicate consult assign put bring`);
/** Being put through, which only a person can be: "connect me to customer support". */
export const PUT_THROUGH = set('connect connecting transfer transferring forward forwarding redirect route switch hand handover put escalate assign');
/** Reaching someone, which may also mean asking how to. */
export const REACH = set('contact contacting reach reaching call calling ring message get getting find see meet request ask access obtain');
/** Asking for something; "like" counts after "would" only ("I like the agent" asks for nothing). */
export const WANT = set('want need would could can please require request prefer wish kindly looking seeking searching trying allow arrange');
/** Wanting, the verbs a negation turns into declining: "I don't want a human". */
export const DESIRE = set('want need like require prefer wish');
/** Negations that decline a person when they come before one. */
export const NEGATORS = set('not no never without');
/** Words allowed between a verb and the person it takes: "connect me directly to your senior". */
export const GLUE = set(`me us to with a an the your some one of through over on in touch directly right now immediately quickly please any
  available another different other from ur life proper single`);
/** What a verb like "transfer" may take instead of a person: "transfer the money to the agent" is not a request. */
export const OBJECT = set('money funds fund amount balance points order orders ticket tickets booking bookings account payment cash item items');
/** Telling what a person did, not asking for one. */
export const ABOUT = set('about complain complaining complained complaint against report reporting rude blame fire sack');
/** Right after a person, what tells a story about them: "the agent said", "an executive called". */
export const NARRATED = set(`was were said says told tells hung gave promised did had has keeps kept refused called asked misled lied charged
  sent disconnected ended closed cancelled canceled never messed yelled shouted ignored`);
/** "the agent is rude": a person described, not asked for. */
export const UNKIND = set('rude useless unhelpful terrible bad slow incompetent lying awful horrible clueless');
/** Before a verb, what makes it a story: "I was talking to an agent". */
export const NARRATIVE_LEAD = set('was were been already keeps kept');
/** The way to reach someone, asked for instead of the person: "customer care number". */
export const CONTACT_DETAILS = set(`number numbers email mail address hours timing timings phone website site form details information info
  helpline whatsapp tollfree toll contact`);
/** Asking whether a person does something to a case, not for a person: "is a human reviewing my claim". */
export const PROCESS = set('review reviews reviewed check checks checked involved monitor monitors read reads handle handles approve approves verify behind');
/** The bot itself, which a customer may turn down. */
export const MACHINE = set('bot bots machine robot robots chatbot automated ai computer automatic');
/** The one word that may come with a bare person: "human handoff", "agent asap". */
export const ASKING = set(`handoff handover takeover now asap needed required help support assistance chat call talk speak connect transfer
  urgently immediately request line contact reach get`);
/** Politeness and glue a bare request may carry: "hi, agent please". */
export const FILLER = set('please a an the now hi hello hey ok okay sir madam mam maam dear urgent urgently need want i me my to with some kindly just');
