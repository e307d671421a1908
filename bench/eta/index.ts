import { PREDICTORS, simulate, type ScenarioResult } from './simulator';
import { SCENARIOS, type ScenarioGoal } from './scenarios';

/**
 * `npm run -s bench:eta -- --json`: the product's wait estimator against the textbook predictors on
 * simulated contact centers. RASE = mean squared error / (mean wait)², over customers who waited.
 */
function meetsGoal(result: ScenarioResult, goal: ScenarioGoal): boolean {
  const { baton, ...baselines } = result.rase;
  if (goal === 'near-ql') return baton <= baselines.ql * 1.1;
  return Object.values(baselines).every((rase) => baton < rase);
}

function main(): void {
  const json = process.argv.includes('--json');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const rows = SCENARIOS.filter(({ scenario }) => !only || scenario.name.includes(only)).map(({ scenario, goal }) => {
    const started = Date.now();
    const result = simulate(scenario);
    return { result, goal, met: meetsGoal(result, goal), seconds: (Date.now() - started) / 1000 };
  });
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        scenarios: rows.map(({ result, goal, met }) => ({ ...result, goal: goal === 'near-ql' ? 'within 10% of QL' : 'below every baseline', met })),
      })}\n`,
    );
    return;
  }
  const header = ['scenario', ...PREDICTORS, 'waited', 'goal', 'met'];
  process.stdout.write(`${header.join(' | ')}\n`);
  for (const { result, goal, met } of rows) {
    const cells = [result.name, ...PREDICTORS.map((p) => result.rase[p].toFixed(3)), String(result.waited), goal === 'near-ql' ? '≤ 1.1 × QL' : '< all', met ? 'yes' : 'NO'];
    process.stdout.write(`${cells.join(' | ')}\n`);
  }
  process.stdout.write(`(${rows.reduce((sum, row) => sum + row.seconds, 0).toFixed(0)} s)\n`);
}

main();
