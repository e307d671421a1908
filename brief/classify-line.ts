import { z } from 'zod';
import { detectHumanRequest } from '../bot/signals/human-request';
import { sentimentOf } from '../bot/signals/sentiment';
import { classify } from './classify';

/**
 * What the signals and the classifier read in one JSON line `{"text": "...", "lang"?: "zh"|"en"}`:
 * `{humanRequest, humanRequestStrength, sentiment, sentimentScore, anger, category, intent}`, or
 * `{"error": "..."}` for a line that is not valid input. `npm run -s classify` (bin/classify.ts)
 * and `npm run -s eval:triggers` (bench/triggers.ts) read lines through it.
 */
const inputLine = z.object({ text: z.string(), lang: z.enum(['zh', 'en']).optional() });

export function classifyLine(line: string): Record<string, unknown> {
  let parsed;
  try {
    parsed = inputLine.safeParse(JSON.parse(line));
  } catch {
    return { error: 'not JSON' };
  }
  if (!parsed.success) return { error: `${parsed.error.issues[0]?.path.join('.') || 'line'}: ${parsed.error.issues[0]?.message}` };
  const { text } = parsed.data;
  const request = detectHumanRequest(text);
  const sentiment = sentimentOf(text);
  const { category, intent } = classify([{ id: 'm', from: 'customer', text, at: '' }], { vip: false });
  return {
    humanRequest: request !== null,
    humanRequestStrength: request?.strength ?? null,
    sentiment: sentiment.label,
    sentimentScore: sentiment.score,
    anger: sentiment.anger,
    category,
    intent,
  };
}
