import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, type EnvironmentVariable } from '../../config/env';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
interface Service {
  environment?: Record<string, unknown>;
  command?: string[];
  entrypoint?: string[];
  image?: string;
  build?: string;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
}
const services = compose.services as Record<string, Service>;

const variablesFor = (process: 'api' | 'worker') =>
  (Object.keys(ENVIRONMENT_VARIABLES) as EnvironmentVariable[]).filter((name) =>
    (ENVIRONMENT_VARIABLES[name].usedBy as readonly string[]).includes(process),
  );

describe('docker-compose.yml', () => {
  it('has the production services', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
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

  describe('Temporal as its maintainers ship it for production', () => {
    const temporal = services.temporal!;
    const schema = services['temporal-schema']!;
    const namespace = services['temporal-namespace']!;
    const tagOf = (service: Service) => /^[^:@]+:([^:@]+)$/.exec(service.image ?? '')?.[1];
    /** `./deploy/temporal:/etc/x:ro` → the file in the repository a path in the container is. */
    const hostPathOf = (service: Service, containerPath: string): string | undefined => {
      for (const volume of service.volumes ?? []) {
        const [source, target] = volume.split(':');
        if (!source || !target) continue;
        if (containerPath === target) return path.join(root, source);
        if (containerPath.startsWith(`${target}/`)) return path.join(root, source, containerPath.slice(target.length + 1));
      }
      return undefined;
    };
    const scriptOf = (service: Service): string => {
      expect(service.entrypoint?.[0]).toBe('/bin/sh');
      const script = hostPathOf(service, service.entrypoint?.[1] ?? '');
      expect(script).toBeDefined();
      expect(existsSync(script!)).toBe(true);
      return script!;
    };

    it('uses no deprecated auto-setup image', () => {
      for (const service of Object.values(services)) expect(service.image ?? '').not.toMatch(/auto-setup/);
      expect(temporal.image).toMatch(/^temporalio\/server:/);
    });

    it('pins every image to a version, and the server and admin-tools to the same 1.2x/1.3x release', () => {
      for (const [name, service] of Object.entries(services)) {
        if (service.build) continue;
        const tag = tagOf(service);
        expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^\d+(\.\d+)*(-[a-z0-9]+)?$/) });
      }
      expect(tagOf(temporal)).toMatch(/^1\.(2\d|3\d)\.\d+$/);
      expect(schema.image).toBe(`temporalio/admin-tools:${tagOf(temporal)}`);
      expect(namespace.image).toBe(`temporalio/admin-tools:${tagOf(temporal)}`);
      expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:2\.\d+\.\d+$/);
    });

    it('sets up and upgrades both schemas with temporal-sql-tool in a one-shot admin-tools service, before the server starts', () => {
      expect(schema.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(schema.restart).toBe('no');
      expect(temporal.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
      const script = readFileSync(scriptOf(schema), 'utf8');
      expect(script).toMatch(/temporal-sql-tool --plugin postgres12 --ep "\$POSTGRES_SEEDS"/);
      for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d "${SCHEMA_DIR}/${schema}/versioned"']) expect(script).toContain(step);
      expect(script).toContain('SCHEMA_DIR=/etc/temporal/schema/postgresql/v12');
      // The databases it prepares are the ones the server opens, with the same credentials.
      expect(script).toContain(`"${temporal.environment?.DBNAME}:temporal"`);
      expect(script).toContain(`"${temporal.environment?.VISIBILITY_DBNAME}:visibility"`);
      expect(schema.environment).toMatchObject({ POSTGRES_SEEDS: 'postgres', POSTGRES_USER: temporal.environment?.POSTGRES_USER, SQL_PASSWORD: temporal.environment?.POSTGRES_PWD });
    });

    it('creates the namespace the API and worker use, once the server is healthy, before they start', () => {
      expect(namespace.depends_on?.temporal?.condition).toBe('service_healthy');
      expect(temporal.healthcheck?.test.length).toBeGreaterThan(1);
      expect(namespace.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: services.api?.environment?.TEMPORAL_NAMESPACE });
      const script = readFileSync(scriptOf(namespace), 'utf8');
      expect(script).toContain('if temporal operator namespace describe --namespace "$NAMESPACE"');
      expect(script).toContain('temporal operator namespace create --namespace "$NAMESPACE"');
      for (const process of ['api', 'worker']) expect(services[process]?.depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
    });

    it('has setup scripts that sh can parse', () => {
      for (const service of [schema, namespace]) expect(() => execFileSync('sh', ['-n', scriptOf(service)])).not.toThrow();
    });

    it('listens beyond loopback, and mounts the dynamic config the server is told to read', () => {
      expect(temporal.environment).toMatchObject({ BIND_ON_IP: '0.0.0.0' });
      const dynamicConfigPath = String(temporal.environment?.DYNAMIC_CONFIG_FILE_PATH);
      const file = hostPathOf(temporal, dynamicConfigPath);
      expect(file).toBe(path.join(root, 'deploy/temporal/dynamicconfig.yaml'));
      expect(temporal.volumes).toContain(`./deploy/temporal/dynamicconfig.yaml:${dynamicConfigPath}:ro`);
    });

    it('marks failing workflow tasks as the dev server does, and keeps ids within the SQL columns', () => {
      const dynamicConfig = parse(readFileSync(path.join(root, 'deploy/temporal/dynamicconfig.yaml'), 'utf8')) as Record<string, Array<{ value: unknown }>>;
      const devServerFlag = /system\.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=(\d+)/.exec(readFileSync(path.join(root, 'temporal/dev-server.ts'), 'utf8'));
      expect(devServerFlag).not.toBeNull();
      expect(dynamicConfig['system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute']).toEqual([{ value: Number(devServerFlag![1]), constraints: {} }]);
      expect(dynamicConfig['limit.maxIDLength']).toEqual([{ value: 255, constraints: {} }]);
    });
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
