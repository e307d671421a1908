import { createInterface } from 'node:readline';
import { classifyLine } from '../brief/classify-line';

/**
 * `npm run -s classify`: JSON Lines `{"text": "...", "lang"?: "zh"|"en"}` on stdin, one JSON line
 * per input on stdout, in order: `{humanRequest, humanRequestStrength, sentiment, sentimentScore,
 * anger, category, intent}`. A line that is not valid input gets `{"error": "..."}` in its place
 * (brief/classify-line.ts).
 */
async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(classifyLine(line))}\n`);
  }
}

if (require.main === module) void main();
