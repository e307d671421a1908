import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../support/test-env';
import { FIXTURE_PATHS } from './histories/paths';

/**
 * Conversations outlive deploys: a new worker meets workflows the old code started. Every recorded
 * history (test/workflows/histories, recorded with `npm run histories:record`) must replay on the
 * workflow code as it is now, command for command; a change that alters the commands fails here
 * unless it is guarded with `patched()` (see the README, "Changing the workflow").
 */
const HISTORIES = path.join(__dirname, 'histories');
const jsonIn = (folder: string) => readdirSync(path.join(HISTORIES, folder)).filter((file) => file.endsWith('.json')).sort();
/** The latest recording, at the top of the folder. */
const latest = jsonIn('.');
/** Earlier recordings, one folder each, kept while the code still has the old ways they ran. */
const earlier = readdirSync(HISTORIES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => jsonIn(entry.name).map((file) => path.join(entry.name, file)));
const files = [...latest, ...earlier];

describe('the recorded histories', () => {
  it('cover every path a workflow change must keep', () => {
    const covered = new Set(latest.map((file) => file.replace(/(\.run\d+)?\.json$/, '')));
    expect([...covered].sort()).toEqual(Object.keys(FIXTURE_PATHS).sort());
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv('workflowBundle') } }, history, `replay-${file}`);
  });
});
