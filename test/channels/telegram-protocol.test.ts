import { randomUUID } from 'node:crypto';
import type { Update, User } from '@grammyjs/types';
import fc from 'fast-check';
import { DeliveryFailure, type OutboundMessage } from '../../channels/delivery';
import { createTelegramClient, splitMessageText } from '../../channels/telegram/client';
import { cutToFit, decodeQuickReplyTap, encodeQuickReplyTap, inlineKeyboard } from '../../channels/telegram/quick-replies';
import { isStartCommand, MalformedTelegramUpdate, parseTelegramUpdate } from '../../channels/telegram/updates';
import type { QuickReply } from '../../domain/conversation';
import { startTelegramStandIn, type TelegramStandIn } from '../support/standins/telegram-api';

// Shaped like the samples in Telegram's webhook guide, typed by grammY so they stay real.
const customer = { id: 1111111, is_bot: false, first_name: 'Test Firstname', last_name: 'Test Lastname', username: 'Testusername', language_code: 'en' } satisfies User;
const privateChat = { id: 1111111, type: 'private', first_name: 'Test Firstname', last_name: 'Test Lastname', username: 'Testusername' } as const;
const textUpdate = (text: string, updateId = 10000): Update => ({
  update_id: updateId,
  message: { message_id: 1365, date: 1441645532, chat: privateChat, from: customer, text, entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
});
const sender = { id: '1111111', firstName: 'Test Firstname', lastName: 'Test Lastname', username: 'Testusername', languageCode: 'en' };

describe('reading a webhook update', () => {
  it('reads a /start in a private chat as text from the customer, and knows it opens a conversation', () => {
    const event = parseTelegramUpdate(textUpdate('/start'));
    expect(event).toEqual({ kind: 'text', updateId: 10000, chatId: '1111111', from: sender, text: '/start', messageId: 1365 });
    expect(event.kind === 'text' && isStartCommand(event.text)).toBe(true);
  });

  it('keeps whatever Unicode the customer typed, emoji, right-to-left and NUL included', () => {
    const text = 'مرحبا 👨‍👩‍👧 \u0000 \ud83d ok';
    expect(parseTelegramUpdate(textUpdate(text))).toMatchObject({ kind: 'text', text });
  });

  it('reads a tap on a button under our message as a tap, with its data, chat and message', () => {
    const data = encodeQuickReplyTap(randomUUID(), 1);
    const update: Update = {
      update_id: 10001,
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: customer,
        chat_instance: '-8391263485738201',
        data,
        message: { message_id: 1366, date: 1441645600, chat: privateChat, text: 'Anything else?' },
      },
    };
    expect(parseTelegramUpdate(update)).toEqual({ kind: 'tap', updateId: 10001, chatId: '1111111', from: sender, callbackQueryId: '4382bfdwdsb323b2d9', data, messageId: 1366 });
  });

  it('reads a tap on a message too old for the bot to see (date 0) all the same', () => {
    const update: Update = {
      update_id: 10002,
      callback_query: { id: 'cq-old', from: customer, chat_instance: '1', data: 'q:x', message: { message_id: 12, date: 0, chat: privateChat } },
    };
    expect(parseTelegramUpdate(update)).toMatchObject({ kind: 'tap', chatId: '1111111', messageId: 12, data: 'q:x' });
  });

  const ignoredUpdates: Array<[string, Update, RegExp]> = [
    ['a tap on an inline-mode message', { update_id: 3, callback_query: { id: 'cq-1', from: customer, inline_message_id: '1234csdbsk4839', chat_instance: '1', data: 'Data from button callback' } }, /inline-mode/],
    ['a tap on a game button', { update_id: 3, callback_query: { id: 'cq-2', from: customer, chat_instance: '1', game_short_name: 'tetris', message: { message_id: 1, date: 1, chat: privateChat } } }, /without callback data/],
    ['an edited message', { update_id: 3, edited_message: { message_id: 1365, date: 1441645532, edit_date: 1441645600, chat: privateChat, from: customer, text: 'typo fixed' } }, /edited_message/],
    ['text in a group chat', { update_id: 3, message: { message_id: 2, date: 1, chat: { id: -1001234567890, type: 'supergroup', title: 'Fans' }, from: customer, text: 'hi bot' } }, /supergroup chat/],
    ['a channel post', { update_id: 3, channel_post: { message_id: 9, date: 1, chat: { id: -1009876543210, type: 'channel', title: 'News' }, sender_chat: { id: -1009876543210, type: 'channel', title: 'News' }, text: 'Sale!' } }, /channel_post/],
    ['the customer blocking the bot (my_chat_member)', {
      update_id: 3,
      my_chat_member: { chat: privateChat, from: customer, date: 1, old_chat_member: { status: 'member', user: { id: 7, is_bot: true, first_name: 'Baton' } }, new_chat_member: { status: 'kicked', user: { id: 7, is_bot: true, first_name: 'Baton' }, until_date: 0 } },
    }, /my_chat_member/],
  ];
  it.each(ignoredUpdates)('ignores %s, saying why', (_what, update, why) => {
    const event = parseTelegramUpdate(update);
    expect(event).toMatchObject({ kind: 'ignored', updateId: 3 });
    expect(event.kind === 'ignored' && event.why).toMatch(why);
  });

  it('reads a sticker or a photo as media, with its caption, so it can be stored', () => {
    const sticker = { update_id: 3, message: { message_id: 2, date: 1, chat: privateChat, from: customer, sticker: { file_id: 'CAAD', file_unique_id: 'AgAD', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } } } satisfies Update;
    expect(parseTelegramUpdate(sticker)).toMatchObject({ kind: 'media', content: 'sticker', caption: null, chatId: '1111111' });
    const photo = { update_id: 3, message: { message_id: 2, date: 1, chat: privateChat, from: customer, caption: 'my receipt', photo: [{ file_id: 'AgAC', file_unique_id: 'AQAD', width: 90, height: 67 }] } } satisfies Update;
    expect(parseTelegramUpdate(photo)).toMatchObject({ kind: 'media', content: 'photo', caption: 'my receipt' });
  });

  it('keeps the query id of an ignored tap, so the button can still be answered', () => {
    expect(parseTelegramUpdate(ignoredUpdates[0]![1])).toMatchObject({ kind: 'ignored', callbackQueryId: 'cq-1' });
  });

  it.each<[unknown, string]>([
    [null, ''],
    ['{"update_id":1}', ''],
    [[], ''],
    [{}, 'update_id'],
    [{ update_id: -1 }, 'update_id'],
    [{ update_id: 1.5 }, 'update_id'],
    [{ update_id: '10000' }, 'update_id'],
    [{ update_id: 1, message: {} }, 'message.message_id'],
    [{ update_id: 1, message: { message_id: 1, chat: { id: '1111111', type: 'private' } } }, 'message.chat.id'],
    [{ update_id: 1, message: { message_id: 1, chat: privateChat, from: customer, text: 42 } }, 'message.text'],
    [{ update_id: 1, callback_query: { id: '', from: customer } }, 'callback_query.id'],
    [{ update_id: 1, callback_query: { id: 'cq', from: { first_name: 'no id' } } }, 'callback_query.from.id'],
  ])('rejects a body that is not an update (%j), naming the field', (body, field) => {
    expect(() => parseTelegramUpdate(body)).toThrow(MalformedTelegramUpdate);
    expect(() => parseTelegramUpdate(body)).toThrow(expect.objectContaining({ code: 'telegram:malformed_update', field }));
  });

  it('tells the start command, with or without a payload or the bot’s name, from text that mentions it', () => {
    const commands = ['/start', '/start summer-sale', '/start@baton_support_bot', '/start@baton_support_bot ref-42', '/start\nhello'];
    const notCommands = ['start', ' /start', '/started', '/startle', 'please /start', '/stop', ''];
    expect(commands.filter((text) => !isStartCommand(text))).toEqual([]);
    expect(notCommands.filter(isStartCommand)).toEqual([]);
  });
});

describe('quick reply taps as callback data', () => {
  it('round-trips every message id and index, within Telegram’s 64 bytes', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 0, max: 99 }), (messageId, index) => {
        const data = encodeQuickReplyTap(messageId, index);
        expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
        expect(decodeQuickReplyTap(data)).toEqual({ messageId: messageId.toLowerCase(), index });
      }),
    );
  });

  it('refuses near misses and strangers: case, dashes, padding, leading zeros, other digits, other data', () => {
    const hex = 'f47ac10b58cc4372a5670e02b2c3d479';
    const strangers = [
      '', 'q:', 'q::0', `q:${hex}:`, `q:${hex}:00`, `q:${hex}:01`, `q:${hex}:-1`, `q:${hex}:100`, `q:${hex}:1.0`, `q:${hex}:1e1`,
      `q:${hex.toUpperCase()}:1`, 'q:f47ac10b-58cc-4372-a567-0e02b2c3d479:1', ` q:${hex}:1`, `q:${hex}:1 `, `q:${hex}:1\n`, `Q:${hex}:1`,
      `q:${hex}:1:2`, `q:${hex.slice(1)}:1`, `q:${hex}0:1`, `q:${hex}:\uff11`, `q:${hex}:\u0663`, `q:${hex}\u0000:1`,
      'Data from button callback', '__proto__', 'q:constructor:0',
    ];
    expect(strangers.filter((data) => decodeQuickReplyTap(data) !== null)).toEqual([]);
    expect(decodeQuickReplyTap(`q:${hex}:7`)).toEqual({ messageId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', index: 7 });
  });

  it('accepts only data it could have written itself, whatever a hostile client sends', () => {
    const nearMisses = fc.tuple(fc.uuid(), fc.integer({ min: 0, max: 99 }), fc.string({ unit: 'binary', maxLength: 3 }), fc.nat(40)).map(([id, index, noise, at]) => {
      const data = encodeQuickReplyTap(id, index);
      return data.slice(0, at) + noise + data.slice(at + (noise.length % 2));
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), nearMisses), (data) => {
        const tap = decodeQuickReplyTap(data);
        if (tap) expect(encodeQuickReplyTap(tap.messageId, tap.index)).toBe(data);
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, number]>([['not-a-uuid', 0], ['', 0], [randomUUID(), -1], [randomUUID(), 100], [randomUUID(), 1.5], [randomUUID(), Number.NaN]])(
    'will not encode message %j, index %p',
    (messageId, index) => {
      expect(() => encodeQuickReplyTap(messageId, index)).toThrow(RangeError);
    },
  );
});

describe('the inline keyboard', () => {
  const replies: QuickReply[] = [
    { action: 'handoff', label: 'Talk to a person' },
    { action: 'message', label: 'Where is my order?', text: 'Where is my order?' },
    { action: 'keep_waiting', label: 'Keep waiting' },
  ];

  it('puts one button per row, in order, each tapping back to its own index', () => {
    const messageId = randomUUID();
    const keyboard = inlineKeyboard(messageId, replies);
    expect(keyboard.inline_keyboard.map((row) => row.map((button) => button.text))).toEqual([['Talk to a person'], ['Where is my order?'], ['Keep waiting']]);
    keyboard.inline_keyboard.forEach((row, index) => {
      const [button] = row;
      expect(button && 'callback_data' in button && decodeQuickReplyTap(button.callback_data)).toEqual({ messageId, index });
    });
  });

  it('cuts a long label after a whole character, emoji intact, and fills a blank one', () => {
    const family = '👨‍👩‍👧';
    const [long, emoji, blank, bare] = inlineKeyboard(randomUUID(), [
      { action: 'message', label: 'x'.repeat(100) },
      { action: 'message', label: family.repeat(20) },
      { action: 'message', label: '   ', text: 'Refund, please' },
      { action: 'keep_waiting', label: '' },
    ]).inline_keyboard.map(([button]) => button?.text ?? '');
    expect(long).toBe(`${'x'.repeat(63)}…`);
    expect(emoji).toMatch(/^(👨‍👩‍👧)+…$/u);
    expect(emoji!.length).toBeLessThanOrEqual(64);
    expect([blank, bare]).toEqual(['Refund, please', '4']);
    expect(cutToFit('short', 64)).toBe('short');
  });
});

describe('splitting long text', () => {
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const boundariesOf = (text: string) => new Set([...graphemes.segment(text)].map(({ index }) => index).concat(text.length));

  it('cuts into parts within the limit that join back exactly, never inside a character', () => {
    const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom(' ', '\n', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'e\u0301', '한'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join('')), fc.integer({ min: 8, max: 40 }), (text, limit) => {
        const parts = splitMessageText(text, limit);
        expect(parts.join('')).toBe(text);
        const boundaries = boundariesOf(text);
        const wholeCharacters = [...boundaries].sort((a, b) => a - b).every((at, i, all) => i === 0 || at - all[i - 1]! <= limit);
        let at = 0;
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          at += part.length;
          if (wholeCharacters) expect(boundaries.has(at)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('prefers to end a part at a line break, then at a space', () => {
    expect(splitMessageText('first line\nsecond line', 16)).toEqual(['first line\n', 'second line']);
    expect(splitMessageText('one two three four', 10)).toEqual(['one two ', 'three four']);
    expect(splitMessageText('a'.repeat(4095) + '👍🏽b')).toEqual(['a'.repeat(4095), '👍🏽b']);
  });
});

const TOKEN = '123456789:AAH-stand_in-Token0123456789abcdefgh';
const leaksToken = (error: unknown) => {
  const { message, reason, stack } = error as DeliveryFailure;
  return [message, reason, stack, String(error), JSON.stringify(error)].some((text) => text?.includes(TOKEN) || text?.includes(TOKEN.split(':')[1]!));
};

describe('the Telegram client against a stand-in of the Bot API', () => {
  let telegram: TelegramStandIn;
  beforeAll(async () => {
    telegram = await startTelegramStandIn(TOKEN);
  });
  beforeEach(() => telegram.reset());
  afterEach(() => telegram.setDown(false));
  afterAll(() => telegram.close());

  const client = (overrides: Partial<Parameters<typeof createTelegramClient>[0]> = {}) =>
    createTelegramClient({ apiBase: telegram.url, botToken: TOKEN, timeoutMs: 5_000, ...overrides });
  const outbound = (text: string, quickReplies?: QuickReply[]): OutboundMessage => ({ id: randomUUID(), from: 'bot', text, ...(quickReplies ? { quickReplies } : {}) });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a DeliveryFailure');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(DeliveryFailure);
        expect(leaksToken(error)).toBe(false);
        return error as DeliveryFailure;
      },
    );

  it('sends the text to the chat with the quick replies as a keyboard, and returns Telegram’s message id', async () => {
    const message = outbound('Is there anything else? 🙂', [{ action: 'handoff', label: 'Talk to a person' }, { action: 'keep_waiting', label: 'No, thanks' }]);
    const receipt = await client().send({ externalId: '1111111' }, message);
    const [call] = telegram.calls;
    expect(call).toMatchObject({ method: 'sendMessage', status: 200, body: { chat_id: '1111111', text: 'Is there anything else? 🙂', reply_markup: inlineKeyboard(message.id, message.quickReplies!) } });
    expect(receipt).toEqual({ providerMessageId: String((call!.answer as { result: { message_id: number } }).result.message_id) });
  });

  it('sends no keyboard for a message without quick replies', async () => {
    await client().send({ externalId: '1111111' }, outbound('Hello'));
    expect(telegram.calls[0]?.body).toEqual({ chat_id: '1111111', text: 'Hello' });
  });

  it('sends text over 4096 characters as several messages, the keyboard under the last', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => (i % 50 === 49 ? 'end of paragraph 🇫🇷\n' : 'word ')).join('');
    const message = outbound(text, [{ action: 'handoff', label: 'Talk to a person' }]);
    const receipt = await client().send({ externalId: '1111111' }, message);
    const sent = telegram.calls.map((call) => call.body as { text: string; reply_markup?: unknown });
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.map((body) => body.text).join('')).toBe(text);
    expect(sent.every((body) => body.text.length <= 4096)).toBe(true);
    expect(sent.map((body) => body.reply_markup !== undefined)).toEqual(sent.map((_, i) => i === sent.length - 1));
    const ids = telegram.calls.map((call) => (call.answer as { result: { message_id: number } }).result.message_id);
    expect(receipt.providerMessageId).toBe(String(ids.at(-1)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('shows "typing…" and answers a tap, its notice cut to 200 characters', async () => {
    await client().sendChatAction('1111111', 'typing');
    await client().answerCallbackQuery('cq-7', 'ok '.repeat(100));
    await client().answerCallbackQuery('cq-8');
    expect(telegram.calls.map(({ method, body, status }) => ({ method, body, status }))).toEqual([
      { method: 'sendChatAction', body: { chat_id: '1111111', action: 'typing' }, status: 200 },
      { method: 'answerCallbackQuery', body: { callback_query_id: 'cq-7', text: cutToFit('ok '.repeat(100), 200) }, status: 200 },
      { method: 'answerCallbackQuery', body: { callback_query_id: 'cq-8' }, status: 200 },
    ]);
  });

  it('takes a rate limit (429) as worth retrying, after Telegram’s retry_after', async () => {
    telegram.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
    const failure = await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')));
    expect(failure).toMatchObject({ code: 'telegram:429', retryable: true, retryAfterSeconds: 7 });
    expect(telegram.calls).toHaveLength(1);
    await expect(client().send({ externalId: '1111111' }, outbound('Hi'))).resolves.toMatchObject({ providerMessageId: expect.any(String) });
  });

  it.each([
    ['Forbidden: bot was blocked by the user', 'the customer blocked the bot on Telegram'],
    ['Forbidden: user is deactivated', "the customer's Telegram account is deleted or deactivated"],
  ])('tells the agent why Telegram forbids it (403 %s), and does not retry', async (description, reason) => {
    telegram.failNext('sendMessage', { status: 403, description });
    expect(await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')))).toMatchObject({ code: 'telegram:403', retryable: false, reason });
  });

  it('passes on Telegram’s description of a bad request (400), and does not retry', async () => {
    const notFound = await failureOf(client().send({ externalId: '@nobody_here' }, outbound('Hi')));
    expect(notFound).toMatchObject({ code: 'telegram:400', retryable: false, reason: expect.stringContaining('chat not found') });
    telegram.failNext('sendMessage', { status: 400, description: 'Bad Request: message is too long' });
    expect(await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')))).toMatchObject({ reason: expect.stringContaining('message is too long') });
  });

  it('takes Telegram failing (500) or a proxy’s 502 page as worth retrying', async () => {
    telegram.failNext('sendChatAction', { status: 500, description: 'Internal Server Error' });
    expect(await failureOf(client().sendChatAction('1111111', 'typing'))).toMatchObject({ code: 'telegram:500', retryable: true });
    await telegram.setDown(502);
    expect(await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')))).toMatchObject({ code: 'http:502', retryable: true });
  });

  it('gives up on a Telegram that does not answer in time, as worth retrying', async () => {
    telegram.stallNext('sendMessage', 5_000);
    const started = Date.now();
    const failure = await failureOf(client({ timeoutMs: 300 }).send({ externalId: '1111111' }, outbound('Hi')));
    expect(failure).toMatchObject({ code: 'network', retryable: true, reason: 'Telegram did not answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('takes a refused connection as worth retrying, and delivers once Telegram is back', async () => {
    await telegram.setDown('refused');
    const failure = await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')));
    expect(failure).toMatchObject({ code: 'network', retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
    await telegram.setDown(false);
    await expect(client().send({ externalId: '1111111' }, outbound('Hi'))).resolves.toMatchObject({ providerMessageId: expect.any(String) });
  });

  it('refuses for good, pointing at the setting, when Telegram does not know the token', async () => {
    const failure = await failureOf(client({ botToken: '42:wrong' }).send({ externalId: '1111111' }, outbound('Hi')));
    expect(failure).toMatchObject({ code: 'telegram:401', retryable: false, reason: expect.stringContaining('BATON_TELEGRAM_BOT_TOKEN') });
    expect(failure.message).not.toContain('42:wrong');
  });

  it('never puts the bot token in an error, even where a fetch or Telegram quotes the URL', async () => {
    const quotingFetch: typeof fetch = async (input) => {
      throw new TypeError(`request to ${String(input)} failed, reason: connect ECONNREFUSED`);
    };
    const quoted = await failureOf(client({ fetch: quotingFetch }).send({ externalId: '1' }, outbound('Hi')));
    expect(quoted.reason).toContain('<bot token>');
    telegram.failNext('sendMessage', { status: 400, description: `Bad Request: no such method /bot${encodeURIComponent(TOKEN)}/x` });
    await failureOf(client().send({ externalId: '1111111' }, outbound('Hi')));
  });

  it('lets a test wait for a call still to come', async () => {
    const waited = telegram.waitFor((call) => call.method === 'sendChatAction' && call.body.chat_id === '555');
    await client().sendChatAction('555', 'typing');
    await expect(waited).resolves.toMatchObject({ status: 200 });
    await expect(telegram.waitFor((call) => call.method === 'never', 50)).rejects.toThrow(/no matching Telegram call/);
  });
});
