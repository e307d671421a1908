/** Values the global setup hands to every test file, through the environment. */
export const TEST_ENV = {
  temporalAddress: 'BATON_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'BATON_TEST_WORKFLOW_BUNDLE',
  databaseUrl: 'BATON_TEST_DATABASE_URL',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run the tests through jest (global setup)`);
  return value;
}
