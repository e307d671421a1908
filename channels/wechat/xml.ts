import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * The XML WeChat pushes to the account's server URL, read into a few typed shapes. Baton answers
 * every push with the literal `success` and replies through the customer-service API, so nothing
 * here writes XML.
 */

/** WeChat's pushes are a few hundred bytes; anything this big is not from WeChat. */
export const WECHAT_XML_MAX_BYTES = 64 * 1024;

/** A push body that is not WeChat XML of a shape Baton reads: an HTTP 400 naming `field`. */
export class MalformedWechatXml extends Error {
  readonly code = 'MalformedWechatXml';

  constructor(
    message: string,
    /** The element that is missing or malformed, when one is. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

// Values stay strings (a MsgId overflows a double), whitespace is kept (it is the customer's text),
// and only XML's five entities are decoded: a DOCTYPE, the way to declare more, is refused outright.
const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

const digits = z.string().regex(/^\d{1,20}$/);
const present = z.string().min(1);

const pushHead = z.object({
  ToUserName: present,
  FromUserName: present,
  CreateTime: digits,
  MsgType: present,
});

const head = (fields: z.infer<typeof pushHead>) => ({
  toUser: fields.ToUserName,
  fromUser: fields.FromUserName,
  createTime: Number(fields.CreateTime),
});

const textMessageSchema = pushHead
  .extend({ MsgType: z.literal('text'), Content: z.string(), MsgId: digits, bizmsgmenuid: present.optional() })
  .transform((fields) => ({
    kind: 'text' as const,
    ...head(fields),
    msgId: fields.MsgId,
    content: fields.Content,
    /** Set when the customer tapped an item of a `msgmenu` message: that item's id. */
    bizMsgMenuId: fields.bizmsgmenuid,
  }));

const eventSchema = pushHead
  .extend({ MsgType: z.literal('event'), Event: present, EventKey: z.string().optional() })
  .transform((fields) => ({
    kind: 'event' as const,
    ...head(fields),
    /** WeChat's name for it, as sent: `subscribe`, `unsubscribe`, `SCAN`, `CLICK`, … */
    event: fields.Event,
    eventKey: fields.EventKey,
  }));

/** Voice, image, video, location, link, …: Baton tells the customer it reads text only. */
const otherMessageSchema = pushHead.extend({ MsgId: digits.optional() }).transform((fields) => ({
  kind: 'other' as const,
  ...head(fields),
  msgType: fields.MsgType,
  msgId: fields.MsgId,
}));

const envelopeSchema = z
  .object({ ToUserName: present, Encrypt: present })
  .transform((fields) => ({ toUser: fields.ToUserName, encrypt: fields.Encrypt }));

export type WechatTextMessage = z.output<typeof textMessageSchema>;
export type WechatEvent = z.output<typeof eventSchema>;
export type WechatOtherMessage = z.output<typeof otherMessageSchema>;
export type WechatPush = WechatTextMessage | WechatEvent | WechatOtherMessage;
/** A safe-mode push: the real push, encrypted, in `encrypt`. */
export type WechatEnvelope = z.output<typeof envelopeSchema>;

/** Reads a plain push (or a decrypted one). */
export function parseWechatPush(xml: string): WechatPush {
  const fields = readXmlRoot(xml);
  const msgType = typeof fields.MsgType === 'string' ? fields.MsgType : undefined;
  const schema: z.ZodType<WechatPush> = msgType === 'text' ? textMessageSchema : msgType === 'event' ? eventSchema : otherMessageSchema;
  return validated(schema, fields);
}

/** Reads a safe-mode push body, `<xml><ToUserName/><Encrypt/></xml>`. */
export function parseWechatEnvelope(xml: string): WechatEnvelope {
  return validated(envelopeSchema, readXmlRoot(xml));
}

function validated<Output>(schema: z.ZodType<Output>, fields: Record<string, unknown>): Output {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || null;
  throw new MalformedWechatXml(`the push has a missing or malformed <${field ?? 'xml'}>`, field);
}

/** The children of the one `<xml>` root, checked for size, well-formedness and declarations first. */
function readXmlRoot(xml: string): Record<string, unknown> {
  if (Buffer.byteLength(xml, 'utf8') > WECHAT_XML_MAX_BYTES) {
    throw new MalformedWechatXml(`the push is larger than ${WECHAT_XML_MAX_BYTES} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MalformedWechatXml('the push declares a DOCTYPE or entities');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedWechatXml(`the push is not well-formed XML: ${valid.err.msg}`);

  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    // The parser refuses names like __proto__ by throwing; that is the sender's fault too.
    throw new MalformedWechatXml(`the push could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = document !== null && typeof document === 'object' ? Object.keys(document) : [];
  const root = roots.length === 1 && roots[0] === 'xml' ? (document as { xml: unknown }).xml : undefined;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new MalformedWechatXml('the push is not one <xml> element with children');
  }
  return root as Record<string, unknown>;
}
