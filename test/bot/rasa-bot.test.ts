import { randomUUID } from 'node:crypto';
import { BotUnavailable, type BotQuestion } from '../../bot/engine';
import { createRasaBot, type RasaBotOptions } from '../../bot/rasa-bot';
import { startRasaStandIn, type RasaStandIn } from '../support/standins/rasa';

let rasa: RasaStandIn;
beforeAll(async () => {
  rasa = await startRasaStandIn();
});
beforeEach(() => rasa.reset());
afterAll(() => rasa.stop());

const bot = (overrides: Partial<RasaBotOptions> = {}) => createRasaBot({ url: rasa.url, handoffIntents: ['human_handoff'], timeoutMs: 5_000, ...overrides });
const question = (text: string, conversationId = randomUUID()): BotQuestion => ({ conversationId, messageId: randomUUID(), text, locale: 'en' });

describe('the Rasa bot', () => {
  it("sends the message to Rasa's REST channel as the conversation's sender, with the locale and message id", async () => {
    const asked = question('hello');
    await bot().answer(asked);
    expect(rasa.received).toEqual([{ sender: asked.conversationId, message: 'hello', metadata: { locale: 'en', messageId: asked.messageId } }]);
  });

  it('joins the bubbles Rasa answers into one reply, with the intent confidence the tracker gives', async () => {
    const reply = await bot().answer(question('hello'));
    expect(reply).toEqual({ text: "Hello! I'm Rasa, the shop's assistant.\n\nHow can I help?", confidence: 0.98 });
    expect(bot().name).toBe('rasa');
  });

  it("turns Rasa's buttons into quick replies that send the payload back as the customer's message", async () => {
    const reply = await bot().answer(question('I want to return my shoes'));
    expect(reply).toEqual({
      text: 'Do you want to return an item, or ask about a refund?',
      confidence: 0.88,
      quickReplies: [
        { action: 'message', label: 'Return an item', text: '/return_item' },
        { action: 'message', label: 'Refund status', text: '/refund_status{"order":"A-1"}' },
      ],
    });
    expect(await bot().answer(question('/refund_status{"order":"A-1"}'))).toEqual({ text: 'Your refund for order A-1 is on its way: 3–5 working days.', confidence: 1 });
  });

  it('keeps the text of answers that also carry images, attachments and custom payloads', async () => {
    expect(await bot().answer(question('show me the bag'))).toEqual({ text: 'Here is the bag.', confidence: 0.9 });
  });

  it('passes on a low intent confidence, so Baton says it did not understand', async () => {
    expect(await bot().answer(question('maybe shipping?'))).toEqual({ text: 'Is this about shipping?', confidence: 0.31 });
  });

  it('says it has nothing when Rasa answers an empty list', async () => {
    expect(await bot().answer(question('blorp fizzle'))).toEqual({ text: null, confidence: 0 });
  });

  it('hands over when Rasa answers a custom handoff payload, without asking the tracker', async () => {
    expect(await bot().answer(question('agent please'))).toEqual({ text: null, confidence: 0, handoff: true });
    expect(rasa.trackerReads).toEqual([]);
    expect(await bot().answer(question('a refund over the limit'))).toMatchObject({ text: 'A colleague needs to approve this.', handoff: true });
  });

  it('does not take other custom payloads, or a handoff set to false, for a handoff', async () => {
    rasa.teach('carry on', { bubbles: [{ text: 'Sure.', custom: { handoff: false } }, { custom: ['a', 'list'] }], intent: { name: 'affirm', confidence: 0.9 } });
    expect(await bot().answer(question('carry on'))).toEqual({ text: 'Sure.', confidence: 0.9 });
  });

  it('hands over when the tracker says Rasa read a handoff intent', async () => {
    const asked = question('I want a human');
    expect(await bot().answer(asked)).toEqual({ text: 'Let me find someone for you.', confidence: 0.97, handoff: true });
    expect(rasa.trackerReads).toEqual([asked.conversationId]);
  });

  it('hands over on the intents it was given, and only those', async () => {
    expect(await bot({ handoffIntents: ['request_agent', 'ask_returns'] }).answer(question('where can I return this?'))).toMatchObject({ handoff: true });
    expect(await bot({ handoffIntents: [] }).answer(question('I want a human'))).toEqual({ text: 'Let me find someone for you.', confidence: 0.97 });
  });

  it.each([404, 401, 403, 500])('carries on without intents when the tracker answers %i', async (status) => {
    rasa.set({ tracker: status });
    expect(await bot().answer(question('I want a human'))).toEqual({ text: 'Let me find someone for you.', confidence: 1 });
    expect(await bot().answer(question('agent please'))).toMatchObject({ handoff: true });
  });

  it('carries on without intents when the tracker drops the connection or answers nonsense', async () => {
    rasa.set({ tracker: 'unreachable' });
    expect(await bot().answer(question('hello'))).toMatchObject({ confidence: 1 });
    const nonsense = bot({
      fetch: async (input, init) => (String(input).includes('/tracker') ? new Response('<html>', { status: 200 }) : fetch(input, init)),
    });
    expect(await nonsense.answer(question('I want a human'))).toEqual({ text: 'Let me find someone for you.', confidence: 1 });
  });

  it('is unavailable when Rasa is down', async () => {
    const gone = await startRasaStandIn();
    await gone.stop();
    await expect(bot({ url: gone.url }).answer(question('hello'))).rejects.toThrow(new BotUnavailable(`Rasa is unreachable at ${gone.url} (fetch failed)`));
    rasa.set({ webhook: 'unreachable' });
    await expect(bot().answer(question('hello'))).rejects.toBeInstanceOf(BotUnavailable);
  });

  it('is unavailable when Rasa does not answer in time', async () => {
    rasa.set({ webhookDelayMs: 5_000 });
    const started = Date.now();
    await expect(bot({ timeoutMs: 200 }).answer(question('hello'))).rejects.toThrow(new BotUnavailable('Rasa did not answer within 200 ms'));
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('is unavailable when Rasa answers an HTTP error', async () => {
    rasa.set({ webhook: 503 });
    await expect(bot().answer(question('hello'))).rejects.toThrow(new BotUnavailable('Rasa answered HTTP 503 on /webhooks/rest/webhook'));
  });

  it('is unavailable when Rasa answers something that is not a list of bubbles', async () => {
    rasa.set({ webhook: 'malformed' });
    await expect(bot().answer(question('hello'))).rejects.toThrow(new BotUnavailable('Rasa answered malformed data on /webhooks/rest/webhook at body'));
    rasa.reset();
    rasa.teach('hello', { bubbles: [{ text: 42 }], intent: { name: 'greet', confidence: 1 } });
    await expect(bot().answer(question('hello'))).rejects.toThrow(new BotUnavailable('Rasa answered malformed data on /webhooks/rest/webhook at 0.text'));
    const html = bot({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 200 }) });
    await expect(html.answer(question('hello'))).rejects.toThrow(new BotUnavailable('Rasa answered something that is not JSON on /webhooks/rest/webhook'));
  });

  it("accepts the REST channel's own address as the URL", async () => {
    expect(await bot({ url: `${rasa.url}/webhooks/rest/webhook/` }).answer(question('hello'))).toMatchObject({ confidence: 0.98 });
  });
});
