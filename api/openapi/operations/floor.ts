import { z } from 'zod';
import { auditQuery } from '../../audit';
import { chartQuery } from '../../chart';
import {
  agentBody,
  agentStatusBody,
  cannedReplyBody,
  cannedReplyIdParam,
  cannedReplyQuery,
  keyBody,
  keyIdParam,
  knowledgeArticleParam,
  knowledgeQuery,
  webhookBody,
  webhookIdParam,
} from '../../schemas';
import { agent, agents, auditLog, cannedReplies, cannedReply, createdWebhook, issuedKey, knowledgeArticle, knowledgeHits, savedAgent, webhooks, whoAmI } from '../bodies';
import { deskConversations } from '../brief';
import { v1, type Operation } from '../operation';
import { empty, errors, json, text } from '../responses';

/** The floor: agents, keys, canned replies, the knowledge base, the chart, outbound webhooks, and who the key is. */

const agentId = { path: z.object({ id: z.string().meta({ description: 'The agent (an agent key: only its own).' }) }) };

export const floorOperations: Operation[] = [
  v1({ method: 'get', path: '/v1/me', operationId: 'whoAmI', summary: 'Who the credential is: what the console asks first.', responses: { 200: json('The principal.', whoAmI) } }, 'Keys'),
  v1(
    {
      method: 'post',
      path: '/v1/agents',
      operationId: 'saveAgent',
      summary: 'Create or replace an agent (status and load kept); an available agent is offered waiting conversations at once.',
      body: { schema: agentBody.meta({ id: 'AgentProfile' }) },
      responses: { 201: json('Created.', savedAgent), 200: json('Replaced.', savedAgent), ...errors(409) },
    },
    'Agents',
  ),
  v1({ method: 'get', path: '/v1/agents', operationId: 'listAgents', summary: 'The floor: every agent with status, load and missed offers.', responses: { 200: json('The agents.', agents) } }, 'Agents'),
  v1({ method: 'get', path: '/v1/agents/{id}', operationId: 'getAgent', summary: 'One agent.', params: agentId, responses: { 200: json('The agent.', agent), ...errors(404) } }, 'Agents'),
  v1(
    {
      method: 'get',
      path: '/v1/agents/{id}/conversations',
      operationId: 'getDesk',
      summary: "What an agent desktop loads: the agent's offers and conversations, each with its brief.",
      params: agentId,
      responses: { 200: json('The desk.', deskConversations), ...errors(404) },
    },
    'Agents',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/agents/{id}/events',
      operationId: 'streamDeskEvents',
      summary: "The agent desk's live feed as server-sent events: `agent`, `offer`, `assigned`, `withdrawn`, `ended`.",
      params: agentId,
      responses: { 200: text('The event stream.', 'text/event-stream'), ...errors(404) },
    },
    'Agents',
  ),
  v1(
    {
      method: 'put',
      path: '/v1/agents/{id}/status',
      operationId: 'setAgentStatus',
      summary: 'Available, away or offline: going available fills free capacity; going away passes unanswered offers on.',
      params: agentId,
      body: { schema: agentStatusBody },
      responses: { 200: json('The agent, with `assigned` and `passed`.', savedAgent), ...errors(404) },
    },
    'Agents',
  ),
  v1(
    {
      method: 'post',
      path: '/v1/keys',
      operationId: 'issueKey',
      summary: 'Issue a supervisor or agent key (service key only).',
      body: { schema: keyBody },
      responses: { 201: json('The key, shown once.', issuedKey), ...errors(404) },
    },
    'Keys',
  ),
  v1(
    {
      method: 'delete',
      path: '/v1/keys/{id}',
      operationId: 'revokeKey',
      summary: 'Revoke a key (service key only).',
      params: { path: z.object({ id: keyIdParam }) },
      responses: { 204: empty('Revoked.'), ...errors(404) },
    },
    'Keys',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/canned-replies',
      operationId: 'findCannedReplies',
      summary: "Canned replies: an agent reads their own team's; supervisors any team's.",
      params: { query: cannedReplyQuery },
      responses: { 200: json('The replies.', cannedReplies) },
    },
    'Canned replies',
  ),
  v1(
    {
      method: 'post',
      path: '/v1/canned-replies',
      operationId: 'createCannedReply',
      summary: 'Add a canned reply (supervisors).',
      body: { schema: cannedReplyBody.meta({ id: 'CannedReplyDraft' }) },
      responses: { 201: json('The reply.', cannedReply), ...errors(409) },
    },
    'Canned replies',
  ),
  v1(
    {
      method: 'put',
      path: '/v1/canned-replies/{id}',
      operationId: 'replaceCannedReply',
      summary: 'Replace a canned reply (supervisors).',
      params: { path: z.object({ id: cannedReplyIdParam }) },
      body: { schema: cannedReplyBody },
      responses: { 200: json('The reply.', cannedReply), ...errors(404, 409) },
    },
    'Canned replies',
  ),
  v1(
    {
      method: 'delete',
      path: '/v1/canned-replies/{id}',
      operationId: 'deleteCannedReply',
      summary: 'Delete a canned reply (supervisors).',
      params: { path: z.object({ id: cannedReplyIdParam }) },
      responses: { 204: empty('Deleted.'), ...errors(404) },
    },
    'Canned replies',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/knowledge',
      operationId: 'searchKnowledge',
      summary: "The bot's knowledge base, searched (BM25); zh-TW in traditional characters.",
      params: { query: knowledgeQuery },
      responses: { 200: json('The best matches.', knowledgeHits) },
    },
    'Knowledge',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/knowledge/{id}',
      operationId: 'getArticle',
      summary: 'One article.',
      params: { path: z.object({ id: knowledgeArticleParam }), query: knowledgeQuery.pick({ locale: true }) },
      responses: { 200: json('The article.', knowledgeArticle), ...errors(404) },
    },
    'Knowledge',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/chart',
      operationId: 'getChart',
      summary: "The machine's Mermaid state chart, optionally with one state styled `current`.",
      params: { query: chartQuery },
      responses: { 200: text('Mermaid source.', 'text/plain') },
    },
    'Chart',
  ),
  v1(
    {
      method: 'post',
      path: '/v1/webhooks',
      operationId: 'createWebhook',
      summary: "A company's own channel: Baton POSTs it every message and state change, signed (service key only).",
      body: { schema: webhookBody },
      responses: { 201: json('The endpoint, with its secret (shown only here).', createdWebhook) },
    },
    'Webhooks',
  ),
  v1({ method: 'get', path: '/v1/webhooks', operationId: 'listWebhooks', summary: 'The endpoints, without secrets (service key only).', responses: { 200: json('The endpoints.', webhooks) } }, 'Webhooks'),
  v1(
    {
      method: 'delete',
      path: '/v1/webhooks/{id}',
      operationId: 'deleteWebhook',
      summary: 'Stop deliveries to an endpoint (service key only).',
      params: { path: z.object({ id: webhookIdParam }) },
      responses: { 204: empty('Deleted.'), ...errors(404) },
    },
    'Webhooks',
  ),
  v1(
    {
      method: 'get',
      path: '/v1/audit',
      operationId: 'readAuditLog',
      summary: 'Who did what among supervisors, agents and the service — takeovers, transfers, resolutions, keys issued and revoked, agents saved and their status — newest first (supervisors and the service; an agent key is a 403).',
      params: { query: auditQuery },
      responses: { 200: json('A page of the log.', auditLog) },
    },
    'Audit',
  ),
];
