import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyLine } from '../brief/classify-line';

/**
 * `npm run -s eval:triggers [-- <eval dir>]`: the triggers measured on labelled texts that stay where
 * they are (default ../shared/eval). Every `*.jsonl` there is read, one `{text, label, lang}` a line:
 * a file whose labels include `human_request` measures the request for a person, one whose labels are
 * `negative`/`positive`/`neutral` measures sentiment. The six figures, per language where the
 * directory has rows for it (null where it has none):
 *
 * - `humanRequest.<lang>.directPrecision`: of the texts put straight through to a person (explicit),
 *   the share that asked for one;
 * - `humanRequest.<lang>.recall`: of the texts that asked for a person, the share put through or
 *   offered one (explicit or soft);
 * - `humanRequest.<lang>.falseAlarms`: of the texts that did not ask, the share put through or offered;
 * - `negativeSentiment.<lang>.accuracy`: negative against everything else.
 *
 * Only the figures are printed, never the texts.
 */
interface Row {
  text: string;
  label: string;
  lang: 'zh' | 'en';
}

const SENTIMENT_LABELS = new Set(['negative', 'positive', 'neutral']);
const ratio = (part: number, whole: number) => (whole === 0 ? null : Number((part / whole).toFixed(3)));

function readRows(dir: string): { intents: Row[]; sentiments: Row[] } {
  const intents: Row[] = [];
  const sentiments: Row[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()) {
    const fallbackLang = /(^|[_-])zh([_-]|\.)/.test(file) ? 'zh' : 'en';
    const rows = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Partial<Row>)
      .map((row) => ({ text: String(row.text ?? ''), label: String(row.label ?? ''), lang: row.lang === 'zh' || row.lang === 'en' ? row.lang : fallbackLang }));
    if (rows.some((row) => row.label === 'human_request')) intents.push(...rows);
    else if (rows.length > 0 && rows.every((row) => SENTIMENT_LABELS.has(row.label))) sentiments.push(...rows);
  }
  return { intents, sentiments };
}

function humanRequestFigures(rows: Row[]) {
  let direct = 0;
  let directRight = 0;
  let asked = 0;
  let caught = 0;
  let notAsked = 0;
  let alarms = 0;
  for (const row of rows) {
    const reading = classifyLine(JSON.stringify({ text: row.text, lang: row.lang }));
    const strength = reading.humanRequestStrength;
    const actual = row.label === 'human_request';
    if (strength === 'explicit') {
      direct += 1;
      if (actual) directRight += 1;
    }
    if (actual) {
      asked += 1;
      if (strength !== null) caught += 1;
    } else {
      notAsked += 1;
      if (strength !== null) alarms += 1;
    }
  }
  return { directPrecision: ratio(directRight, direct), recall: ratio(caught, asked), falseAlarms: ratio(alarms, notAsked), n: rows.length };
}

function sentimentFigures(rows: Row[]) {
  let correct = 0;
  for (const row of rows) {
    const negative = classifyLine(JSON.stringify({ text: row.text, lang: row.lang })).sentiment === 'negative';
    if (negative === (row.label === 'negative')) correct += 1;
  }
  return { accuracy: ratio(correct, rows.length), n: rows.length };
}

function byLanguage<T>(rows: Row[], figures: (rows: Row[]) => T): Record<'zh' | 'en', T | null> {
  const of = (lang: 'zh' | 'en') => rows.filter((row) => row.lang === lang);
  return { zh: of('zh').length > 0 ? figures(of('zh')) : null, en: of('en').length > 0 ? figures(of('en')) : null };
}

function main(): void {
  const dir = process.argv[2] ?? path.resolve(__dirname, '../../../shared/eval');
  const { intents, sentiments } = readRows(dir);
  const result = { humanRequest: byLanguage(intents, humanRequestFigures), negativeSentiment: byLanguage(sentiments, sentimentFigures) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
