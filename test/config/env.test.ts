import { ENVIRONMENT_VARIABLES, loadConfig, SETTINGS, type BatonConfig } from '../../config/env';

const settings = Object.entries(SETTINGS);
const defaults = loadConfig({}, {});

describe('the settings table', () => {
  it('names each environment variable once, and derives ENVIRONMENT_VARIABLES from it', () => {
    const names = settings.map(([, setting]) => setting.env);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(ENVIRONMENT_VARIABLES)).toEqual(names);
    for (const [, setting] of settings) {
      expect(ENVIRONMENT_VARIABLES[setting.env]).toEqual({ usedBy: setting.usedBy, description: setting.description });
    }
  });

  it('gives BatonConfig exactly one property per setting', () => {
    const withEverySetting = loadConfig(
      { apiKey: 'k'.repeat(16), databaseUrl: 'postgres://localhost/x', temporalAddress: 'x:1', temporalCli: 'temporal' },
      {},
    );
    expect(Object.keys(defaults).every((key) => key in SETTINGS)).toBe(true);
    for (const key of ['apiKey', 'databaseUrl', 'temporalAddress', 'temporalCli'] as const) expect(withEverySetting[key]).toBeDefined();
  });

  it('says each default in its description as the schema has it', () => {
    for (const [key, setting] of settings) {
      const value = defaults[key as keyof BatonConfig];
      if (value === undefined) expect(setting.description).not.toMatch(/\(default /);
      else expect(setting.description).toMatch(new RegExp(`\\(default \`?${String(value).replace(/[.]/g, '\\.')}\`?[);]`));
    }
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(defaults).toMatchObject({ port: 3000, temporalNamespace: 'default', taskQueue: 'baton-conversations', dataDir: '.data', dbPoolMax: 10, logLevel: 'info' });
    expect(defaults.databaseUrl).toBeUndefined();
  });

  it('takes an explicit option over the environment, and the environment over the default', () => {
    expect(loadConfig({}, { PORT: '4000' }).port).toBe(4000);
    expect(loadConfig({ port: 5000 }, { PORT: '4000' }).port).toBe(5000);
    expect(loadConfig({ port: undefined }, { PORT: '4000' }).port).toBe(4000);
    expect(loadConfig({}, { TEMPORAL_TASK_QUEUE: 'q', BATON_CUSTOMER_DATA_CACHE_SECONDS: '0' })).toMatchObject({ taskQueue: 'q', customerDataCacheSeconds: 0 });
  });

  it('counts a blank value as unset', () => {
    expect(loadConfig({}, { PORT: '  ', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('refuses invalid configuration, naming the setting and its variable', () => {
    expect(() => loadConfig({}, { PORT: '70000' })).toThrow(/^Invalid configuration: port \(PORT\): /);
    expect(() => loadConfig({}, { BATON_API_KEY: 'short' })).toThrow(/apiKey \(BATON_API_KEY\): must be at least 16 characters/);
    expect(() => loadConfig({}, { LOG_LEVEL: 'loud', DATABASE_URL: 'not a url' })).toThrow(/databaseUrl \(DATABASE_URL\): .*; logLevel \(LOG_LEVEL\): /);
  });
});
