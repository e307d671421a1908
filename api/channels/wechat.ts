import express, { Router, type Request } from 'express';
import { contentPlaceholder } from '../../channels/placeholders';
import { quickReplyIndex } from '../../channels/wechat/client';
import { decryptWechat, UndecryptableWechatMessage } from '../../channels/wechat/crypto';
import { verifyMessageSignature, verifyWechatSignature } from '../../channels/wechat/signature';
import { MalformedWechatXml, parseWechatEnvelope, parseWechatPush, WECHAT_XML_MAX_BYTES, type WechatPush } from '../../channels/wechat/xml';
import { upsertContact } from '../../db/channels';
import { quickReplyMessageByLabel } from '../../db/messages';
import type { Logger } from '../../observability/logger';
import type { ConversationHandles } from '../conversation-handles';
import type { ApiContext, ChannelSettingsOf } from '../context';
import { ApiError } from '../errors';
import { countSender, type RateLimits } from '../rate-limits';
import { chooseQuickReply } from './quick-replies';
import { storableText } from '../../domain/text';
import { openConversationFor, receiveChannelMessage } from './receive';

/** WeChat waits 5 s for an answer, then retries (three times in all): answer well inside it. */
const ANSWER_WITHIN_MS = 4_000;
/** A push signed longer ago than this is a replay, not WeChat's retry (those come within 15 s). */
const MAX_AGE_SECONDS = 300;

const queryString = (req: Request, name: string): string => {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
};


/**
 * The WeChat Official Account's server URL, `/channels/wechat`. GET answers the URL check
 * (signature over token, timestamp, nonce; echoes `echostr`). POST takes a push, plain or in safe
 * mode (AES-256-CBC with the EncodingAESKey, `msg_signature` over the ciphertext): signatures first
 * (401, nothing stored), then the message is stored once per `MsgId` and handed to the customer's
 * conversation; the answer is always the literal `success` within WeChat's 5 s, and every reply
 * goes out later through the customer-service message API (the delivery workflow).
 */
export function wechatRoutes(context: ApiContext, conversations: ConversationHandles, settings: ChannelSettingsOf<'wechat'>, limits: RateLimits): Router {
  const router = Router();
  const { token, appId, aesKey } = settings;

  const signed = (req: Request): boolean => {
    const timestamp = queryString(req, 'timestamp');
    const fresh = /^\d{1,12}$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= MAX_AGE_SECONDS;
    return fresh && verifyWechatSignature(token, timestamp, queryString(req, 'nonce'), queryString(req, 'signature'));
  };

  router.get('/', (req, res) => {
    if (!verifyWechatSignature(token, queryString(req, 'timestamp'), queryString(req, 'nonce'), queryString(req, 'signature'))) {
      throw new ApiError(401, 'unauthorized', 'signature does not match BATON_WECHAT_TOKEN');
    }
    res.type('text/plain').send(queryString(req, 'echostr'));
  });

  router.post('/', express.text({ type: () => true, limit: WECHAT_XML_MAX_BYTES }), async (req, res) => {
    if (!signed(req)) throw new ApiError(401, 'unauthorized', 'signature does not match BATON_WECHAT_TOKEN, or the timestamp is stale');
    const push = readPush(req, typeof req.body === 'string' ? req.body : '');
    // Counted by the push's own sender, read once the signature holds.
    await countSender(limits, 'wechat', push.fromUser || null, req, res);
    const work = handlePush(push);
    // Answered within WeChat's limit whatever happens next: a slow bot keeps working after it.
    const answered = await Promise.race([work.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS, false).unref())]);
    if (!answered) work.catch((error: unknown) => logLate(context.logger, error));
    res.type('text/plain').send('success');
  });

  function readPush(req: Request, body: string): WechatPush {
    try {
      if (queryString(req, 'encrypt_type') !== 'aes') {
        // Plain mode's signature does not cover the body: with safe mode configured, only safe mode is taken.
        if (aesKey) throw new ApiError(401, 'unauthorized', 'safe mode is configured (BATON_WECHAT_AES_KEY): a plain push is refused', { field: 'encrypt_type' });
        return parseWechatPush(body);
      }
      if (!aesKey || !appId) throw new ApiError(400, 'invalid_request', 'a safe-mode push, but BATON_WECHAT_AES_KEY or BATON_WECHAT_APP_ID is not set', { field: 'encrypt_type' });
      const { encrypt } = parseWechatEnvelope(body);
      if (!verifyMessageSignature(token, queryString(req, 'timestamp'), queryString(req, 'nonce'), encrypt, queryString(req, 'msg_signature'))) {
        throw new ApiError(401, 'unauthorized', 'msg_signature does not match the encrypted message');
      }
      return parseWechatPush(decryptWechat(aesKey, encrypt, appId));
    } catch (error) {
      if (error instanceof MalformedWechatXml) throw new ApiError(400, 'invalid_request', error.message, { field: error.field ?? 'body' });
      if (error instanceof UndecryptableWechatMessage) throw new ApiError(400, 'invalid_request', `Encrypt: ${error.message}`, { field: 'Encrypt' });
      throw error;
    }
  }

  async function handlePush(push: WechatPush): Promise<void> {
    if (push.kind === 'event') return; // subscribe, menu clicks…: nothing the customer said.
    const openId = push.fromUser;
    // An OpenID is 28 URL-safe characters; anything else is not a WeChat user (and no key to store).
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(openId)) throw new ApiError(400, 'invalid_request', 'FromUserName: not an OpenID', { field: 'FromUserName' });
    const providerId = `msg:${push.msgId ?? `${openId}:${push.createTime}`}`;
    if (push.kind === 'text' && push.bizMsgMenuId) {
      const index = quickReplyIndex(push.bizMsgMenuId);
      const contact = await upsertContact(context.db, { channel: 'wechat', externalId: openId, name: null, locale: null });
      const conversation = await openConversationFor(context, contact);
      // The tap names a position; the menu it came from is the newest one with that label there.
      const messageId = index === null ? null : await quickReplyMessageByLabel(context.db, conversation.id, index, storableText(push.content));
      if (messageId !== null && index !== null) {
        await chooseQuickReply(context, conversations, { channel: 'wechat', externalId: openId, providerId, messageId, index });
        return;
      }
    }
    const text = push.kind === 'text' ? push.content : contentPlaceholder(push.msgType);
    await receiveChannelMessage(context, conversations, { channel: 'wechat', externalId: openId, providerId, text });
  }
  return router;
}

function logLate(logger: Logger, error: unknown): void {
  // Answered already, so WeChat will not retry: the message is stored; say loudly that its handling failed.
  logger.error({ err: error }, 'a WeChat message was answered before its handling finished, and the handling failed');
}
