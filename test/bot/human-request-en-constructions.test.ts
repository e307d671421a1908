import { detectHumanRequest } from '../../bot/signals/human-request';

/**
 * How English-speaking customers ask for a person, in the project's own words: the word for a
 * person differs by market (agent, executive, customer care, representative, advisor, a real
 * person), it comes with typos and missing words, and the same words are used without asking for
 * anyone: complaints about staff, careers, contact details, other senses of the words.
 */
const strength = (text: string) => detectHumanRequest(text)?.strength ?? null;

describe('an English request for a person', () => {
  it.each([
    ['agent'], ['human'], ['representative'], ['human please'], ['agent pls'], ['Agent!!!'], ['real person'], ['live agent'],
    ['a real person please'], ['customer care executive'], ['executive please'], ['human agent'], ['live chat'],
    ['ＨＵＭＡＮ ＡＧＥＮＴ'], ['human handoff'], ['agent asap'],
  ])('takes the bare "%s" as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['i want talk to agent'], ['i want to talk to an agent'], ['i want to speak to a human'], ['I need to speak to someone'],
    ['I need to talk to a real person'], ['can i speak to a human'], ['can I talk to a person'], ['talk to a live agent'],
    ['talk to a live agent right now!'], ['speak to a person'], ['talk to human'], ['speak to agent'], ['talk with agent'],
    ['chat with agent'], ['want to talk to human'], ['i want to talk to some one'], ['i need to talk to someone real'],
    ['I\'d like to chat with someone'], ['I\'d rather speak to a person'], ['i wanna speak to a human being'],
    ['how can I speak with an agent'], ['how do I get to talk to a person'], ['where can I talk to an agent'],
    ['is it possible to talk to an agent'], ['is there any way to talk to a real person'], ['is there someone I can talk to'],
    ['i need someone to talk to'], ['I need to speak to someone about my refund'], ['speak to an agent regarding my booking'],
    ['I want to complain to a manager'], ['I demand to speak to a supervisor'], ['want to chat with real person'],
    ['talk to a human being'], ['can I speak with an actual person'], ['start a live chat with an agent'],
    ['i need to have a conversation with a human agent'], ['I want assistance speaking with a person'],
    ['help me talk to a live agent'],
  ])('takes "%s", talking to a person, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['could you connect me to an agent'], ['connect me to customer care'], ['connect to customer care executive'],
    ['connect me with the concerned person'], ['pls transfer to executive'], ['please transfer me to a live agent'],
    ['transfer my call to an agent'], ['put me through to someone'], ['put me through to a representative'],
    ['transfer to human'], ['switch me to a human'], ['connect me to the support team'], ['forward me to someone who can help'],
    ['please connect to live chat'], ['escalate to a supervisor'], ['escalate this to your manager'],
    ['can you escalate this to a human'], ['kindly connect me with an executive'], ['connect with agent'],
    ['connect me to someone who can actually help'], ['put me on with someone'],
  ])('takes "%s", being put through to a person, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['get me a real person'], ['get me a human'], ['give me an agent'], ['I need an agent'], ['I want a human'],
    ['I need an actual human'], ['I need human assistance'], ['assistance from a human please'], ['I need help from a human'],
    ['need agent'], ['need human'], ['want human'], ['can I have a representative'],
    ['can i get a customer service representative'], ['get a manager on the line'], ['I want to contact a human agent'],
    ['how do I reach a live agent'], ['how can i contact a live agent'], ['i need a live person'], ['real human please'],
    ['I need human help'],
  ])('takes "%s", wanting a person, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['i want to speak with your senior'], ['i need to talk to customer care'], ['i want to talk customer care'],
    ['I would like to talk to a customer care executive'], ['i want to speak with customer care executive regarding my order'],
    ['need to talk to executive regarding refund'], ['hello i need to talk to customer care urgently'],
    ['I want to talk to your customer care team'], ['want to talk to someone from support team'], ['call back from executive'],
    ['I want a callback from your team'], ['call from customer care please'], ['please arrange a call from an executive'],
    ['customer care executive call me'], ['i want call from customer care'], ['need to speak to an advisor'],
    ['i would like to speak to an adviser'], ['i wish to speak to an advisor'], ['talk to a customer service advisor'],
    ['speak with a rep'], ['talk to a rep'], ['Please can I speak to someone in charge'], ['let me talk to your manager'],
    ['I want to speak to the manager'], ['i want to talk to your staff'], ['i need to speak with a member of staff'],
  ])('knows the service vocabulary of "%s"', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['can i speak wth a human'], ['cn i talk to an agnet'], ['i want to tlak to a represntative'],
    ['can u transfer me to a human agent'], ['plz connect me to an executive'], ['gimme an agent'],
    ['could u connect me to a live representitive'], ['representitive'], ['humna'], ['agnet please'],
    ['i wnat to talk to a persn'], ['spek to agent pls'], ['talk 2 a human'],
  ])('reads past the typos and shorthand in "%s"', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['i dont want to chat with a robot'], ['I don\'t want to talk to a bot, get me a person'],
    ['i want to talk to a real human not a bot'], ['I\'m tired of this bot, get me a person'],
    ['i want to talk to a person not a machine'], ['this bot is useless, I want a human'],
    ['enough of this bot, connect me to customer care'], ['I don\'t want to talk to a machine anymore'],
  ])('takes "%s", turning the bot down, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['is this a human?'], ['are you a bot'], ['are you a real person'], ['am I talking to a real person'],
    ['am i chatting with a bot'], ['is this automated'], ['human or bot?'], ['r u a bot'],
  ])('answers "%s", a question about what the bot is, with an offer', (text) => {
    expect(strength(text)).toBe('soft');
  });

  it.each([
    ['is anyone there?'], ['hello? anyone?'], ['anybody there'], ['is anybody there'], ['someone please help'],
    ['can someone help me'], ['do you have live agents'], ['do you have human support'], ['is a live agent available'],
    ['when will an agent be available'], ['i need call back'], ['please arrange a call back'], ['call me back please'],
    ['can someone call me'], ['request callback'], ['customer care'], ['customer support'], ['stop the bot'],
    ['help me contact someone'], ['I need a person'], ['can i get a rep'], ['operator'],
    ['i want to talk'], ['I need to speak'], ['can we talk'], ['please connect me'], ['transfer me'],
  ])('offers a person for the softer "%s"', (text) => {
    expect(strength(text)).toBe('soft');
  });
});

describe('English uses of the same words that are not a request', () => {
  it.each([
    ['the agent was rude'], ['the agent was rude to me yesterday'], ['your agent hung up on me'],
    ['the delivery executive did not come'], ['the delivery boy was rude'], ['your executive misbehaved with me'],
    ['the executive told me it would be delivered today'], ['the executive who came to install was very rude'],
    ['a person from your company called me'], ['the person at the counter was rude'],
    ['someone from your team visited yesterday'], ['I want to complain about an agent'], ['customer care never picks up'],
    ['customer care is useless'], ['your customer service is terrible'], ['the support team never replied'],
    ['the sales team called me'], ['my relationship manager is on leave'], ['my manager asked me to buy this'],
  ])('reads "%s" as talking about staff, not asking for them', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['I spoke to an agent yesterday and nothing happened'], ['I spoke with customer care but no resolution'],
    ['i have been talking to your agents for a week'], ['i already talked to 3 agents'], ['i missed a call from your executive'],
    ['why did an agent call me'], ['an agent will call me back?'], ['stop calling me'], ['don\'t call me'],
    ['the bot said my order is shipped'], ['i talked to a bot yesterday'],
  ])('reads "%s" as telling what happened', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['what is a travel agent'], ['how do I become an agent'], ['i want to become a delivery partner'],
    ['how to register as an agent'], ['what is the agent commission'], ['agent login not working'],
    ['what are the benefits of becoming an agent'], ['my agent code is not working'], ['agent app is crashing'],
    ['how much commission does an agent get'], ['is the travel agent booking valid'], ['I am a real estate agent'],
    ['i am an agent of your company'], ['i want to work as an executive'],
  ])('reads "%s" as about being or becoming an agent, not reaching one', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['is there a human reviewing my claim?'], ['does a person check the documents'], ['is there a human verification step'],
    ['human error caused this'],
  ])('reads "%s" as about a process a person may do', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['customer care number'], ['what is your customer care email'], ['customer care timings'],
    ['what is the customer care number'], ['how to contact customer support'], ['how can I contact customer service'],
    ['what time does customer service open'], ['what is the customer care whatsapp number'],
    ['give me the customer care number'], ['share customer support email'], ['how to reach customer care by phone'],
    ['what is the customer service phone number'], ['customer care no'],
  ])('reads "%s" as asking for contact details, not for a person now', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['I want to speak with customer service'], ['how can I talk to customer support'],
    ['where can I chat with customer service'],
  ])('reads "%s", talking to a department rather than being put through, as asking the way there', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['how many people can sit on this sofa'], ['price per person'], ['can I pay in person'],
    ['can another person receive the parcel'], ['can someone else collect my parcel'], ['someone used my card'],
    ['someone called me pretending to be from your company'], ['i need a mattress for two people'],
    ['how many persons are allowed in a room'], ['per person charges'],
  ])('reads the person in "%s" as counted or acting, not asked for', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['i want to change operator for my recharge'], ['wrong operator selected'], ['which operator is this number'],
    ['what is the human body made of'], ['is whey protein safe for humans'], ['mattress for human back pain'],
    ['i want to transfer money to my bank account'], ['transfer the balance to my wallet'], ['can i talk about my experience'],
    ['live score'], ['I live in Mumbai'], ['is this product real'], ['real leather or not'], ['real time tracking not working'],
    ['what does executive class include'], ['can i upgrade to executive class'], ['download manager not working'],
    ['the live match stopped'],
  ])('knows the other sense of the word in "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['I don\'t need a human agent'], ['no need for a representative, thanks'], ['no human needed, just answer'],
    ['i do not want an agent'], ['without an agent please, just the link'],
  ])('respects the customer declining a person in "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it.each([
    ['where is my order'], ['i want to cancel my order'], ['what is the price of the mattress'],
    ['do you deliver to my pincode'], ['how do I return a product'], ['my payment failed but money was deducted'],
    ['thank you for the help'], ['ok thanks'], ['hi'], ['hello'], ['yes'], ['no'], ['blorp fizzle wobble'],
    ['where is my refund'], ['money not credited'], ['i want a refund'], ['contact us'], ['need help'], ['help'],
    ['what are your working hours'], ['i need an invoice'], ['what is customer service'], ['is my order delivered'],
    ['how can I track my order'], ['what is your return policy'], ['can i change my delivery address'],
    ['i want to talk about my order'], ['I need to speak about a refund'],
  ])('finds no request in the ordinary "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });
});

describe('the Indian market: the person first, Hinglish, calls', () => {
  it.each([
    ['agent my refund is still pending'], ['human please my account is blocked'], ['executive - recharge failed twice'], ['hi agent need help with my emi'],
    ['this bot is useless. executive'], ['customer care executive connect'], ['tak to customer care'],
  ])('takes "%s", the person named first, as a direct request', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([
    ['executive se baat karni hai'], ['customer care se baat karao'], ['agent se connect kijiye'], ['kisi human se baat karwa do'],
    ['manager ko bulao abhi'], ['mera case senior ko transfer karo'], ['mujhe executive chahiye'], ['mujhe call karo please'],
    ['call back kijiye jaldi'],
    ['i need to speak to a pharmacist before ordering'], ['can i talk to a doctor about this medicine'],
  ])('takes "%s" as a request for a person', (text) => {
    expect(strength(text)).toBe('explicit');
  });

  it.each([['koi insaan hai kya'], ['is there any person'], ['is there a human to help me'], ['please arrange a call back, it is urgent'], ['urgent callback needed on my number']])('reads "%s" as a softer reaching-out', (text) => {
    expect(strength(text)).toBe('soft');
  });

  it.each([
    ['please do not connect me to an agent, just send the invoice'], ['dont transfer me, i only need the tracking link'], ['i keep getting fake calls from your company'],
    ['how to remove the caller tune'], ['callback tune charges deducted'], ['agent commission kab milega'], ['agent ne bola refund ho jayega'],
    ['executive ka number do'], ['agent login not working'], ['human error in my bill'],
  ])('does not take "%s" as a request', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });
});

describe('English calls asked for, and people looked for, without the usual words', () => {
  it.each([['please call, cant type with one hand'], ['pls call urgently'], ['ask your team to call me'], ['have someone call me back'], ['tell the manager to call me'], ['any real person here?'], ['any human available']])(
    'reads "%s" as at least an offer of a person',
    (text) => {
      expect(strength(text)).not.toBeNull();
    },
  );

  it.each([['please call center timings'], ['stop asking me to call'], ['why do you keep calling me'], ['any person can use this coupon?']])('does not take "%s" as a request', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });
});
