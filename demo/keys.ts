import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { createApiKey, principalForKey } from '../db/api-keys';
import { DEMO_AGENTS } from './seed';

export interface DemoKey {
  agentId: string;
  name: string;
  role: 'agent' | 'supervisor';
  key: string;
}

/**
 * The demo floor's console keys, kept in `<data dir>/demo-keys.json` so they survive restarts;
 * a key the database no longer knows (a new cluster, a revoked key) is issued anew.
 */
export async function demoKeys(db: Pool, dataDir: string): Promise<DemoKey[]> {
  const file = path.join(dataDir, 'demo-keys.json');
  const kept: DemoKey[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoKey[]) : [];
  const keys: DemoKey[] = [];
  for (const agent of DEMO_AGENTS) {
    const known = kept.find((entry) => entry.agentId === agent.id && entry.role === agent.role);
    const principal = known ? await principalForKey(db, known.key) : null;
    if (known && principal?.role === agent.role && principal.agentId === agent.id) keys.push(known);
    else keys.push({ agentId: agent.id, name: agent.name, role: agent.role, key: (await createApiKey(db, agent.role, agent.id)).key });
  }
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
