/**
 * The paths a workflow change must keep replaying, one recorded history (or, across
 * continue-as-new, one per run) each. The recorder drives each; the replay test checks every one
 * has its fixture.
 */
export const FIXTURE_PATHS = {
  'bot-answers-resolved-by-service': 'bot answers, feedback, a service closes it',
  'keyword-queued-reminded-relaxed-accepted-resolved': 'a keyword request, queued with reminders, relaxed, offered, accepted, answered, resolved',
  'offer-declined-timed-out-accepted': 'an offer declined, the next timed out, the third accepted',
  'transferred-to-colleague-and-to-skill': 'a transfer to a colleague, then back to the queue for another skill',
  'taken-over-from-the-bot': 'an agent takes over a live bot conversation',
  'left-the-queue-for-a-callback': 'the customer leaves the queue asking for a callback',
  'unstaffed-step-skipped': 'a routing step nobody on duty could meet, skipped at once',
  'continued-as-new': 'a long conversation continues as new, then is handed over and closed',
  'waiting-room-raised': 'a queued customer threatens legal action and is raised in the queue, then served',
} as const;

export type FixtureName = keyof typeof FIXTURE_PATHS;
