// Runs dependency-cruiser's API over the source folders (every folder tsconfig.json includes) with
// the rules in .dependency-cruiser.cjs, and prints the violations as JSON on stdout. A separate
// ES module because dependency-cruiser is published as ES modules only, which the jest runtime
// (CommonJS) cannot load; test/architecture/layers.test.ts runs it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
const require = createRequire(import.meta.url);
const config = require(path.join(root, '.dependency-cruiser.cjs'));
const folders = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).include;

const result = await cruise(
  folders,
  { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'json' },
  undefined,
  { tsConfig: extractTSConfig(path.join(root, config.options.tsConfig.fileName)) },
);
const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
const violations = output.summary.violations.map((violation) => ({
  rule: violation.rule.name,
  from: violation.from,
  to: violation.to,
  ...(violation.cycle ? { cycle: violation.cycle.map((step) => step.name ?? step) } : {}),
}));
process.stdout.write(`${JSON.stringify({ modules: output.summary.totalCruised, violations })}\n`);
