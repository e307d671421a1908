import { z } from 'zod';
import {
  agentMessageBody,
  briefQuery,
  conversationIdParam,
  conversationListQuery,
  createConversationBody,
  customerMessageBody,
  feedbackBody,
  handoffBody,
  idempotencyKeyHeader,
  leaveQueueBody,
  noteBody,
  offerAnswerBody,
  resolveBody,
  takeoverBody,
  transferBody,
} from '../../schemas';
import { conversation, conversationForCustomer, conversationList, customerToken, messageReply, note, notes, reply, transcript } from '../bodies';
import { briefWithTransfers } from '../brief';
import { v1, type Operation } from '../operation';
import { errors, json, text } from '../responses';

const TAG = 'Conversations';
const byId = { path: z.object({ id: conversationIdParam.meta({ description: 'The conversation; a malformed id is an unknown one (404).' }) }) };
const idempotent = z.object({
  'Idempotency-Key': idempotencyKeyHeader.meta({ description: 'A retry with the same key is the same request, answered once; the same key with another body is a 409.' }),
});
const withKey = { ...byId, header: idempotent };

/** An update the conversation's workflow answers: the state now and what Baton said. */
const updateRoute = (path: string, operationId: string, summary: string, body: z.ZodType, { required = true, key = false } = {}): Operation =>
  v1(
    {
      method: 'post',
      path: `/v1/conversations/{id}/${path}`,
      operationId,
      summary,
      params: key ? withKey : byId,
      body: { schema: body, required },
      responses: { 200: json('The state now, and the replies.', reply), ...errors(404, 409) },
    },
    TAG,
  );

export const conversationOperations: Operation[] = [
  v1(
    {
      method: 'post',
      path: '/v1/conversations',
      operationId: 'openConversation',
      summary: 'Open a conversation (service key); it starts with the bot.',
      params: { header: idempotent },
      body: { schema: createConversationBody.meta({ id: 'NewConversation' }) },
      responses: {
        201: json('The conversation, in state `bot` (or the same one again for a replayed Idempotency-Key).', conversation, z.object({ 'Idempotent-Replayed': z.literal('true').optional() })),
        ...errors(409),
      },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations',
      operationId: 'listConversations',
      summary: 'The conversations in one state, most recently active first (agents: only `bot`).',
      params: { query: conversationListQuery },
      responses: { 200: json('The conversations.', conversationList) },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations/{id}',
      operationId: 'getConversation',
      summary: "One conversation, with its live place in line or its assignment (a customer token: the customer's view).",
      params: byId,
      responses: { 200: json('The conversation.', z.union([conversation, conversationForCustomer])), ...errors(404) },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations/{id}/events',
      operationId: 'streamConversationEvents',
      summary: 'Server-sent events: `message`, `state`, `delivery`, in order; resumable with Last-Event-ID; ends after resolved.',
      params: { ...byId, header: z.object({ 'Last-Event-ID': z.string().optional() }) },
      responses: { 200: text('The event stream.', 'text/event-stream'), ...errors(404) },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations/{id}/messages',
      operationId: 'getTranscript',
      summary: 'The transcript.',
      params: byId,
      responses: { 200: json('Every message, in order.', transcript), ...errors(404) },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations/{id}/brief',
      operationId: 'getBrief',
      summary: 'The handoff brief, with the transfers; `Accept: text/plain` for a readable rendering.',
      params: { ...byId, query: briefQuery },
      responses: {
        200: { description: 'The brief.', content: { 'application/json': briefWithTransfers, 'text/plain': z.string() } },
        ...errors(404),
      },
    },
    TAG,
  ),
  v1(
    {
      method: 'post',
      path: '/v1/conversations/{id}/customer-token',
      operationId: 'issueCustomerToken',
      summary: "A credential for the customer's browser, reaching this conversation's customer side only (service key).",
      params: byId,
      responses: { 201: json('The token.', customerToken), ...errors(404, 409) },
    },
    TAG,
  ),
  v1(
    {
      method: 'post',
      path: '/v1/conversations/{id}/messages',
      operationId: 'sendCustomerMessage',
      summary: 'What the customer says; stored before anything else. Answered with the replies it caused.',
      params: withKey,
      body: { schema: customerMessageBody },
      responses: { 200: json('The stored message, the state now, and the replies.', messageReply), ...errors(404, 409) },
    },
    TAG,
  ),
  v1(
    {
      method: 'post',
      path: '/v1/conversations/{id}/messages/{messageId}/feedback',
      operationId: 'giveFeedback',
      summary: 'A thumbs-up or -down on a bot answer; a thumbs-down may complete a streak and hand over.',
      params: { path: byId.path.extend({ messageId: z.uuid().meta({ description: 'A bot message of this conversation.' }) }) },
      body: { schema: feedbackBody },
      responses: { 200: json('The state now, and the replies.', reply), ...errors(404, 409) },
    },
    TAG,
  ),
  updateRoute('handoff', 'requestHandoff', 'The customer asks for a person (转人工服务), or a service hands over.', handoffBody, { required: false, key: true }),
  updateRoute('leave-queue', 'leaveQueue', 'The customer leaves the queue: goes, asks for a callback, or leaves a message.', leaveQueueBody, { key: true }),
  updateRoute('takeover', 'takeOver', 'An agent or supervisor steps in on a bot conversation, or takes a waiting one.', takeoverBody),
  updateRoute('resolve', 'resolve', 'Close the conversation.', resolveBody, { required: false }),
  updateRoute('accept', 'acceptOffer', 'The offered agent takes the conversation.', offerAnswerBody, { required: false }),
  updateRoute('decline', 'declineOffer', 'The offered agent passes; the next best agent is offered it.', offerAnswerBody, { required: false }),
  updateRoute('transfer', 'transfer', 'The agent holding it hands it to a colleague, or back to the queue for a skill.', transferBody),
  v1(
    {
      method: 'post',
      path: '/v1/conversations/{id}/agent-messages',
      operationId: 'sendAgentMessage',
      summary: 'What the agent holding the conversation writes to the customer.',
      params: withKey,
      body: { schema: agentMessageBody },
      responses: { 200: json('The stored message, the state now, and the replies.', messageReply), ...errors(404, 409) },
    },
    TAG,
  ),
  v1(
    {
      method: 'get',
      path: '/v1/conversations/{id}/notes',
      operationId: 'listNotes',
      summary: 'The private notes beside the conversation.',
      params: byId,
      responses: { 200: json('The notes, oldest first.', notes), ...errors(404) },
    },
    TAG,
  ),
  v1(
    {
      method: 'post',
      path: '/v1/conversations/{id}/notes',
      operationId: 'addNote',
      summary: 'Add a private note (never shown to the customer).',
      params: byId,
      body: { schema: noteBody },
      responses: { 201: json('The note.', note), ...errors(404) },
    },
    TAG,
  ),
];
