import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyLine } from '../brief/classify-line';

/**
 * `npm run -s eval:triggers [-- <eval dir>]`: the triggers measured on labelled texts that stay where
 * they are (default ../shared/eval): human-request precision and recall on en_intents_dev.jsonl
 * (`human_request` against every other label), negative-vs-not accuracy on zh_sentiment_dev.jsonl.
 * Only the figures are printed, never the texts.
 */
function main(): void {
  const dir = process.argv[2] ?? path.resolve(__dirname, '../../../shared/eval');
  const read = (file: string) =>
    readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { text: string; label: string; lang?: string });

  const intents = read('en_intents_dev.jsonl');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of intents) {
    const predicted = classifyLine(JSON.stringify({ text: row.text, lang: 'en' })).humanRequest === true;
    const actual = row.label === 'human_request';
    if (predicted && actual) tp += 1;
    else if (predicted) fp += 1;
    else if (actual) fn += 1;
  }
  const sentiments = read('zh_sentiment_dev.jsonl');
  let correct = 0;
  for (const row of sentiments) {
    const negative = classifyLine(JSON.stringify({ text: row.text, lang: 'zh' })).sentiment === 'negative';
    if (negative === (row.label === 'negative')) correct += 1;
  }
  const result = {
    humanRequest: { precision: Number((tp / (tp + fp)).toFixed(3)), recall: Number((tp / (tp + fn)).toFixed(3)), n: intents.length },
    negativeSentiment: { accuracy: Number((correct / sentiments.length).toFixed(3)), n: sentiments.length },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
