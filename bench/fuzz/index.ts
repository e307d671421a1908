import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../load/stack';

/**
 * `npm run check:fuzz`: the stack as `npm start` runs it (embedded PostgreSQL, Temporal dev server,
 * worker, API), fuzzed by schemathesis from its own `/openapi.json`: a bounded number of examples per
 * operation, and every answer checked — no 5xx, and no status, media type or body the document
 * does not declare. Exits non-zero on any failure, and prints what was sent.
 */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 20);
const SEED = process.env.FUZZ_SEED ?? '20261215';
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];
/** Server-sent event streams do not end while their conversation or desk lives: test/api/openapi.test.ts checks them. */
const NOT_FUZZED = '/events$';
interface HarEntry {
  request: { method: string; url: string };
  response: { status: number };
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // In a directory of its own, where schemathesis keeps its cache, not in the project.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const reportDir = mkdtempSync(path.join(tmpdir(), 'baton-fuzz-'));
  const stack = await startStack({ LOG_LEVEL: 'warn' });
  let exitCode = 1;
  try {
    const document = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    const harPath = path.join(reportDir, 'requests.har');
    const fuzzStartedAt = Date.now();
    const { code, output } = await run(
      'schemathesis',
      [
        'run',
        `${stack.baseUrl}/openapi.json`,
        '--checks', CHECKS.join(','),
        '--phases', 'examples,coverage,fuzzing',
        '--max-examples', String(MAX_EXAMPLES),
        '--seed', SEED,
        '--header', `Authorization: Bearer ${stack.apiKey}`,
        '--exclude-path-regex', NOT_FUZZED,
        '--request-timeout', '15',
        '--workers', '1',
        '--no-shrink',
        '--report', 'har',
        '--report-har-path', harPath,
        '--output-truncate', 'true',
      ],
      reportDir,
    );
    const fuzzSeconds = (Date.now() - fuzzStartedAt) / 1000;
    const entries = (JSON.parse(readFileSync(harPath, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
    const serverErrors = entries.filter((entry) => entry.response.status >= 500);
    const statuses = new Map<number, number>();
    for (const entry of entries) statuses.set(entry.response.status, (statuses.get(entry.response.status) ?? 0) + 1);
    const summary = output.slice(output.lastIndexOf('=== SUMMARY') >= 0 ? output.lastIndexOf('=== SUMMARY') : Math.max(0, output.length - 4000));
    const failed = code !== 0 || serverErrors.length > 0;
    process.stdout.write(`${failed ? output : summary}\n`);
    const report = {
      stack: `npm start (embedded PostgreSQL, Temporal dev server, worker, API), ready in ${(stack.readyAfterMs / 1000).toFixed(1)} s`,
      operations,
      fuzzed: `every operation but the event streams (${NOT_FUZZED})`,
      maxExamplesPerOperation: MAX_EXAMPLES,
      seed: SEED,
      checks: CHECKS,
      requestsSent: entries.length,
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      serverErrors: serverErrors.length,
      schemathesisExitCode: code,
      fuzzSeconds: Math.round(fuzzSeconds),
      totalSeconds: Math.round((Date.now() - startedAt) / 1000),
      reports: reportDir,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    for (const entry of serverErrors.slice(0, 20)) process.stdout.write(`  ${entry.response.status} ${entry.request.method} ${entry.request.url}\n`);
    process.stdout.write(failed ? `fuzz check FAILED (log: ${stack.logFile})\n` : `fuzz check passed: ${entries.length} requests, 0 responses >= 500, 0 contradictions of the document\n`);
    exitCode = failed ? 1 : 0;
  } finally {
    await stack.stop();
  }
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
