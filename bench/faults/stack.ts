import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { formatCodecKey } from '../../config/codec-keys';
import { alive } from '../../db/embedded';
import { SETTINGS } from '../../config/env';
import { resolveTemporalCli } from '../../temporal/cli';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { takenPorts } from '../../config/ports';

/** The four parts the suite kills, each a process (group) of its own. */
export const PARTS = ['worker', 'api', 'temporal', 'postgres'] as const;
export type PartName = (typeof PARTS)[number];

export interface PortRanges {
  api: [number, number];
  temporal: [number, number];
  postgres: [number, number];
}

const root = path.resolve(__dirname, '../../..');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilGone(pid: number, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still alive ${limitMs} ms after SIGKILL`);
    await pause(20);
  }
}

/** The first port of the range nobody listens on, for each wanted one (distinct). */
async function portsIn([from, to]: [number, number], count: number): Promise<number[]> {
  const found: number[] = [];
  for (let port = from; port <= to && found.length < count; port += 1) {
    if ((await takenPorts([{ name: 'probe', port, host: '127.0.0.1' }])).length === 0) found.push(port);
  }
  if (found.length < count) throw new Error(`no ${count} free ports in ${from}-${to}`);
  return found;
}

/**
 * The stack as production runs it, one process per part: embedded PostgreSQL (its own wrapper
 * process, bench/faults/postgres-server.ts), the Temporal dev server on a SQLite file, one API
 * (`dist/api/main.js`) and one worker (`dist/worker/main.js`). Each can be killed with SIGKILL alone
 * and started again on the same data directory and ports. A part that exits without being killed
 * is noted (and started again, as a supervisor would) so the run can go on and say so.
 */
export class FaultStack {
  readonly apiKey = randomBytes(24).toString('hex');
  readonly codecKeys = formatCodecKey({ id: 'faults', key: randomBytes(32) });
  readonly unexpectedExits: string[] = [];
  baseUrl = '';
  temporalAddress = '';
  databaseUrl = '';
  private ports = { api: 0, temporal: 0, temporalUi: 0, postgres: 0 };
  private children = new Map<PartName, ChildProcess>();
  private expectedDown = new Set<PartName>();
  private temporal: DevServer | null = null;
  private temporalPid = 0;
  private logs = new Map<string, WriteStream>();
  private stopping = false;

  constructor(
    readonly dataDir: string,
    private readonly settings: Record<string, string>,
    private readonly ranges: PortRanges,
  ) {}

  logFile(name: string): string {
    return path.join(this.dataDir, `${name}.log`);
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o755 });
    const [api] = await portsIn(this.ranges.api, 1);
    const [temporal, temporalUi] = await portsIn(this.ranges.temporal, 2);
    const [postgres] = await portsIn(this.ranges.postgres, 1);
    this.ports = { api: api!, temporal: temporal!, temporalUi: temporalUi!, postgres: postgres! };
    this.baseUrl = `http://127.0.0.1:${this.ports.api}`;
    this.temporalAddress = `127.0.0.1:${this.ports.temporal}`;
    process.once('exit', () => this.killAllNow());
    await Promise.all([this.startPart('postgres'), this.startPart('temporal')]);
    await this.startPart('worker');
    await this.startPart('api');
  }

  async startPart(part: PartName): Promise<void> {
    if (part === 'temporal') {
      await this.startTemporal();
      this.expectedDown.delete(part);
      return;
    }
    this.expectedDown.delete(part);
    if (part === 'postgres') return this.startPostgres();
    this.spawnNode(part, part === 'api' ? 'dist/api/main.js' : 'dist/worker/main.js');
  }

  /** SIGKILL to the part's whole process group; resolves once it is gone. */
  async kill(part: PartName): Promise<void> {
    this.expectedDown.add(part);
    const pid = part === 'temporal' ? this.temporalPid : this.children.get(part)?.pid;
    if (!pid) throw new Error(`${part} is not running`);
    const postmaster = part === 'postgres' ? this.postmasterPid() : null;
    process.kill(-pid, 'SIGKILL');
    await untilGone(pid);
    if (part === 'temporal') this.temporalPid = 0;
    if (postmaster) await untilGone(postmaster);
    this.log('harness').write(`${new Date().toISOString()} killed ${part} (pid ${pid}) with SIGKILL\n`);
  }

  /** SIGTERM to every part, in reverse order of start. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const part of ['api', 'worker'] as const) await this.terminate(part);
    await this.temporal?.stop();
    await this.terminate('postgres');
    await Promise.all([...this.logs.values()].map((log) => new Promise((resolve) => log.end(resolve))));
  }

  private async terminate(part: PartName): Promise<void> {
    const child = this.children.get(part);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const late = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(late);
  }

  private killAllNow(): void {
    for (const child of this.children.values()) if (child.pid && child.exitCode === null) this.signalGroup(child.pid);
    if (this.temporalPid) this.signalGroup(this.temporalPid);
  }

  private signalGroup(pid: number): void {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private log(name: string): WriteStream {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = createWriteStream(this.logFile(name), { flags: 'a' })));
    return log;
  }

  private postmasterPid(): number | null {
    const file = path.join(this.dataDir, 'postgres', 'postgres', 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.settings,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      BATON_API_KEY: this.apiKey,
      BATON_CODEC_KEYS: this.codecKeys,
      PORT: String(this.ports.api),
    };
    // The clients are the load here; whatever rate limits the API has are off for the check.
    for (const { env: name } of Object.values(SETTINGS)) if (name.startsWith('BATON_RATE_LIMIT_')) env[name] = '0';
    return env;
  }

  private watch(part: PartName, child: ChildProcess, restart: () => void): void {
    child.once('exit', (code, signal) => {
      if (this.stopping || this.expectedDown.has(part)) return;
      this.unexpectedExits.push(`${new Date().toISOString()} ${part} exited by itself (code ${code}, signal ${signal}); started again`);
      this.log('harness').write(`${this.unexpectedExits.at(-1)}\n`);
      setTimeout(restart, 500);
    });
  }

  private spawnNode(part: 'api' | 'worker', script: string): void {
    const child = spawn(process.execPath, [path.join(root, script)], { cwd: root, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = this.log(part);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.children.set(part, child);
    this.watch(part, child, () => this.spawnNode(part, script));
  }

  private async startPostgres(): Promise<void> {
    const child = spawn(process.execPath, [path.join(root, 'dist/bench/faults/postgres-server.js'), path.join(this.dataDir, 'postgres'), String(this.ports.postgres)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const log = this.log('postgres-wrapper');
    child.stderr?.pipe(log, { end: false });
    this.children.set('postgres', child);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        output += chunk.toString('utf8');
        const ready = /^ready (\S+)$/m.exec(output);
        if (ready) resolve(ready[1]!);
      });
      child.once('exit', (code) => reject(new Error(`embedded Postgres exited with ${code} before it was ready (log ${this.logFile('postgres-wrapper')})`)));
    });
    this.databaseUrl = url;
    this.watch('postgres', child, () => void this.startPostgres());
  }

  private async startTemporal(): Promise<void> {
    const cli = resolveTemporalCli({ configured: process.env.TEMPORAL_CLI, install: false });
    if (!cli) throw new Error('the temporal CLI is missing: python3 -m pip install -r requirements.txt');
    const dataDir = path.join(this.dataDir, 'temporal');
    this.temporal = await startDevServer({ cli, dataDir, namespace: 'default', port: this.ports.temporal, uiPort: this.ports.temporalUi });
    this.temporalPid = Number.parseInt(readFileSync(path.join(dataDir, 'temporal.pid'), 'utf8'), 10);
  }

  /** Whether the dev server (which startDevServer owns) is still running when it should be. */
  checkTemporalAlive(): void {
    if (this.stopping || this.expectedDown.has('temporal') || !this.temporalPid || alive(this.temporalPid)) return;
    this.unexpectedExits.push(`${new Date().toISOString()} temporal exited by itself; started again`);
    this.temporalPid = 0;
    void this.startTemporal();
  }
}
