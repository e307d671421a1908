import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TEST_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  await (globals.__batonTemporal as TestWorkflowEnvironment | undefined)?.teardown();
  const bundle = process.env[TEST_ENV.workflowBundle];
  if (bundle) rmSync(bundle, { force: true });
  const testDatabase = globals.__batonTestDatabase as { adminUrl: string; database: string } | undefined;
  if (testDatabase) {
    const admin = new Client({ connectionString: testDatabase.adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${testDatabase.database} with (force)`);
    await admin.end();
  }
}
