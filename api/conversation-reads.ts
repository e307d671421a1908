import type { Router } from 'express';
import { riskOf } from '../bot/risk';
import { renderBriefText } from '../brief/render-text';
import { getConversation, listConversationsInState } from '../db/conversations';
import { getBrief, transfersOf, triageOf } from '../db/briefs';
import { listMessages, recentTurns } from '../db/messages';
import { credentialStillValid, mayWatch, principalOf, requireConversationAccess } from './access';
import type { ConversationHandles } from './conversation-handles';
import type { ApiContext } from './context';
import { ApiError, parseOrThrow } from './errors';
import { streamConversationEvents } from './events';
import { briefQuery, conversationListQuery } from './schemas';

/** What agents, supervisors and services read: the lists, one conversation, its stream, transcript and brief. */
export function conversationReads(router: Router, { db, logger, wakeups }: ApiContext, conversations: ConversationHandles): void {
  /**
   * Live monitoring: the conversations in a state, most recently active first. Bot conversations
   * carry a risk indicator from the triggers' signals, so a supervisor can step in early; handed-over
   * ones their triage (category, priority, skill, summary).
   */
  router.get('/', async (req, res) => {
    const { state, limit } = parseOrThrow(conversationListQuery, req.query, 'query');
    if (principalOf(res).role === 'agent' && state !== 'bot') throw new ApiError(403, 'forbidden', 'an agent key may list only live bot conversations');
    const listed = await listConversationsInState(db, state, limit);
    const triage = state === 'bot' ? new Map() : await triageOf(db, listed.map((conversation) => conversation.id));
    const withRisk = await Promise.all(
      listed.map(async (conversation) => ({
        ...(await conversations.present(conversation)),
        ...(state === 'bot' ? { risk: riskOf(await recentTurns(db, conversation.id, { limit: 20 })) } : { triage: triage.get(conversation.id) ?? null }),
      })),
    );
    res.json({ conversations: withRisk });
  });

  router.get('/:id', async (req, res) => {
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation, { watching: true });
    res.json(principalOf(res).role === 'customer' ? await conversations.presentToCustomer(conversation) : await conversations.present(conversation));
  });

  router.get('/:id/events', async (req, res) => {
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation, { watching: true });
    const credentialValid = credentialStillValid(res);
    // Asked again before every read: a bot conversation another agent took is no longer this agent's to watch.
    const stillAllowed = async () => {
      if (!(await credentialValid())) return false;
      const now = await getConversation(db, conversation.id);
      return now !== null && mayWatch(res, now);
    };
    streamConversationEvents(db, logger, conversation.id, req, res, { wakeups, stillAllowed });
  });

  router.get('/:id/messages', async (req, res) => {
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation, { watching: true });
    res.json({ conversationId: conversation.id, messages: await listMessages(db, conversation.id) });
  });

  router.get('/:id/brief', async (req, res) => {
    const conversation = await conversations.find(req);
    requireConversationAccess(res, conversation);
    const { locale } = parseOrThrow(briefQuery, req.query, 'query');
    const built = await getBrief(db, conversation.id);
    if (!built) throw new ApiError(404, 'not_found', 'no handoff brief yet: the conversation has not been escalated');
    // The brief is live: its transcript holds every message up to now, not only those before the handoff.
    const brief = { ...built, transcript: await listMessages(db, conversation.id) };
    // Transfers travel with the brief, so the next agent sees who handed over and why.
    const transfers = await transfersOf(db, conversation.id);
    // JSON by default; plain text for channels and tools that cannot show structure.
    if (req.accepts(['application/json', 'text/plain']) === 'text/plain') {
      res.type('text/plain; charset=utf-8').send(renderBriefText(brief, locale ?? brief.locale, transfers));
      return;
    }
    res.json({ ...brief, transfers });
  });
}
