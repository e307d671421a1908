import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, type EnvironmentVariable } from '../../config/env';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const services = compose.services as Record<string, { environment?: Record<string, unknown>; command?: string[]; image?: string; build?: string }>;

const variablesFor = (process: 'api' | 'worker') =>
  (Object.keys(ENVIRONMENT_VARIABLES) as EnvironmentVariable[]).filter((name) =>
    (ENVIRONMENT_VARIABLES[name].usedBy as readonly string[]).includes(process),
  );

describe('docker-compose.yml', () => {
  it('has the production services', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it.each(['api', 'worker'] as const)('sets every environment variable the %s reads', (service) => {
    const environment = services[service]?.environment ?? {};
    for (const name of variablesFor(service)) expect(Object.keys(environment)).toContain(name);
  });

  it.each(['api', 'worker'] as const)('runs the %s from the built image, against the compose Postgres and Temporal', (service) => {
    const definition = services[service]!;
    expect(definition.build).toBe('.');
    const entry = definition.command?.[1] ?? '';
    expect(entry).toBe(`dist/${service}/main.js`);
    expect(existsSync(path.join(root, service, 'main.ts'))).toBe(true);
    expect(String(definition.environment?.DATABASE_URL)).toMatch(/@postgres:5432\//);
    expect(definition.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('backs Temporal with the same Postgres and points the UI at it', () => {
    expect(services.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services['temporal-ui']?.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it('names every search attribute the API and worker register', () => {
    const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    for (const key of SEARCH_ATTRIBUTES) expect(text).toContain(key.name);
  });
});

describe('the README', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it('documents every environment variable', () => {
    for (const name of Object.keys(ENVIRONMENT_VARIABLES)) expect(readme).toContain(`\`${name}\``);
  });

  it('shows the state chart generated from the machine, up to date', async () => {
    const { chartBlock } = await import('../../bin/chart');
    expect(readme).toContain(chartBlock());
  });
});
