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
const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json')).sort();

describe('the recorded histories', () => {
  it('cover every path a workflow change must keep', () => {
    const covered = new Set(files.map((file) => file.replace(/(\.run\d+)?\.json$/, '')));
    expect([...covered].sort()).toEqual(Object.keys(FIXTURE_PATHS).sort());
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv('workflowBundle') } }, history, `replay-${file}`);
  });
});
