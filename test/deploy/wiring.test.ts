import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { BotEngine } from '../../bot/engine';
import { loadConfig } from '../../config/env';
import { createPool } from '../../db/pool';
import { createLogger } from '../../observability/logger';
import { activityDependenciesFrom } from '../../worker/dependencies';
import { apiContextFrom, connectStandalone, connectTemporal } from '../../worker/wiring';
import { startRasaStandIn } from '../support/standins/rasa';
import { testCodecKeys } from '../support/temporal';
import { testEnv } from '../support/test-env';

const logger = createLogger('silent');

describe('the shared start-up wiring', () => {
  it('gives the API the conversation settings and policies from the configuration', () => {
    const config = loadConfig({}, {
      TEMPORAL_TASK_QUEUE: 'q-1',
      BATON_QUEUE_RECHECK_SECONDS: '7',
      BATON_QUEUE_REMINDER_SECONDS: '8',
      BATON_CALLBACK_OFFER_SECONDS: '9',
      BATON_OFFER_TIMEOUT_SECONDS: '10',
      BATON_OFFER_MISSES_BEFORE_AWAY: '11',
    });
    const db = createPool({ connectionString: 'postgres://127.0.0.1:1/none' });
    const temporal = new Client();
    const context = apiContextFrom(config, { db, temporal, apiKey: 'k'.repeat(16), logger });
    expect(context).toMatchObject({
      taskQueue: 'q-1',
      settings: { queueRecheckSeconds: 7 },
      waitPolicy: { reminderSeconds: 8, callbackOfferSeconds: 9 },
      offerPolicy: { timeoutSeconds: 10, awayAfterMissed: 11 },
      apiKey: 'k'.repeat(16),
    });
    expect(context.db).toBe(db);
    expect(context.temporal).toBe(temporal);
    return db.end();
  });

  it('gives the activities the company bot when one is configured, and otherwise leaves the default to them', async () => {
    const db = createPool({ connectionString: 'postgres://127.0.0.1:1/none' });
    const temporal = new Client();
    expect(activityDependenciesFrom(loadConfig({}, {}), db, temporal).bot).toBeUndefined();
    expect(activityDependenciesFrom(loadConfig({}, { BATON_BOT_WEBHOOK_URL: 'http://127.0.0.1:1/bot' }), db, temporal).bot?.name).toBe('webhook');
    await db.end();
  });

  it('gives the activities the Rasa bot when BATON_RASA_URL is set, handing over on the configured intents within the configured time', async () => {
    const rasa = await startRasaStandIn();
    const db = createPool({ connectionString: 'postgres://127.0.0.1:1/none' });
    const temporal = new Client();
    try {
      const ask = (bot: BotEngine | undefined, text: string) => bot!.answer({ conversationId: randomUUID(), messageId: randomUUID(), text, locale: 'en' });
      const byDefault = activityDependenciesFrom(loadConfig({}, { BATON_RASA_URL: rasa.url }), db, temporal).bot;
      expect(byDefault?.name).toBe('rasa');
      expect(await ask(byDefault, 'I want a human')).toMatchObject({ handoff: true });

      const configured = activityDependenciesFrom(
        loadConfig({}, { BATON_RASA_URL: rasa.url, BATON_RASA_HANDOFF_INTENTS: ' ask_returns , request_refund,', BATON_BOT_WEBHOOK_TIMEOUT_MS: '150' }),
        db,
        temporal,
      ).bot;
      expect(await ask(configured, 'I want to return this')).toMatchObject({ handoff: true });
      expect(await ask(configured, 'I want a human')).not.toHaveProperty('handoff');
      rasa.set({ webhookDelayMs: 1_000 });
      await expect(ask(configured, 'hello')).rejects.toThrow('Rasa did not answer within 150 ms');
    } finally {
      await Promise.all([db.end(), rasa.stop()]);
    }
  });

  it('refuses to start with both a Rasa server and a bot webhook configured', async () => {
    const db = createPool({ connectionString: 'postgres://127.0.0.1:1/none' });
    const config = loadConfig({}, { BATON_RASA_URL: 'http://127.0.0.1:1', BATON_BOT_WEBHOOK_URL: 'http://127.0.0.1:1/bot' });
    expect(() => activityDependenciesFrom(config, db, new Client())).toThrow(
      'Invalid configuration: rasaUrl (BATON_RASA_URL) and botWebhookUrl (BATON_BOT_WEBHOOK_URL) are both set; Baton talks to one bot, so unset one of them',
    );
    await db.end();
  });

  it('requires DATABASE_URL for the standalone processes', async () => {
    await expect(connectStandalone(loadConfig({}, {}), 'worker', logger)).rejects.toThrow('DATABASE_URL is required for `npm run worker`');
  });

  it('connects to Temporal on the configured namespace, search attributes in place', async () => {
    const client = await connectTemporal(loadConfig({}, { BATON_CODEC_KEYS: testCodecKeys() }), testEnv('temporalAddress'), logger);
    try {
      expect(client.options.namespace).toBe('default');
      await client.connection.workflowService.getSystemInfo({});
    } finally {
      await client.connection.close();
    }
  });
});
