import { createInterface } from 'node:readline';
import { z } from 'zod';
import { detectHumanRequest } from '../bot/signals/human-request';
import { sentimentOf } from '../bot/signals/sentiment';
import { classify } from '../brief/classify';

/**
 * `npm run -s classify`: JSON Lines `{"text": "...", "lang"?: "zh"|"en"}` on stdin, one JSON line
 * per input on stdout, in order: `{humanRequest, humanRequestStrength, sentiment, sentimentScore,
 * anger, category, intent}`. A line that is not valid input gets `{"error": "..."}` in its place.
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

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(classifyLine(line))}\n`);
  }
}

if (require.main === module) void main();
