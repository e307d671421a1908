import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createPostgresCustomerProvider } from '../../customers/postgres-provider';
import type { CustomerDataProvider } from '../../customers/provider';
import type { BotEngine } from '../../bot/engine';
import type { RoutingPolicy } from '../../routing/requirements';
import type { TriggerPolicy } from '../../bot/policy';
import type { ChannelSender } from '../../channels/delivery';
import type { Channel } from '../../domain/conversation';
import { formatCodecKey, parseCodecKeys } from '../../config/codec-keys';
import { encryptedDataConverter, encryptionCodec } from '../../temporal/codec';
import { createAssignmentNotifier, createOutboxNotifier, createQueueReorderedNotifier } from '../../temporal/notify';
import { installTemporalRuntime } from '../../temporal/runtime';
import { createBatonWorker, type BatonWorker } from '../../worker/worker';
import { testEnv } from './test-env';

let runtimeQuieted = false;

/** The run's payload codec keys, as BATON_CODEC_KEYS takes them: made once, kept in the environment so the processes a test spawns share them. */
export const TEST_CODEC_KEYS_ENV = 'BATON_TEST_CODEC_KEYS';
export function testCodecKeys(): string {
  process.env[TEST_CODEC_KEYS_ENV] ??= formatCodecKey({ id: 'test-run', key: randomBytes(32) });
  return process.env[TEST_CODEC_KEYS_ENV];
}

/** What every test client and worker encodes with, as the product's do: the whole suite runs encrypted. */
export const testDataConverter = (): DataConverter => encryptedDataConverter(encryptionCodec(parseCodecKeys(testCodecKeys())));

export interface TestWorker {
  client: Client;
  taskQueue: string;
  worker: BatonWorker;
  /** Nudges a conversation's delivery, as the API does after an agent's message. */
  notifyOutbox: (conversationId: string) => Promise<void>;
  stop: () => Promise<void>;
}

/** A real worker on the run's Temporal dev server, polling a task queue of this test file's own. */
export interface TestWorkerOptions {
  customerData?: CustomerDataProvider;
  triggerPolicy?: TriggerPolicy;
  bot?: BotEngine;
  routingPolicy?: RoutingPolicy;
  /** Channels delivered to by calling their provider (pointed at loopback stand-ins). */
  channelSenders?: Partial<Record<Channel, ChannelSender>>;
  /** Attempts per delivery before it is marked failed (default 3: 1 s and 2 s apart). */
  deliveryAttempts?: number;
  /** How often the worker's queue sweep looks (production's 15 s unless a test needs it sooner). */
  queueSweepSeconds?: number;
}

export async function startTestWorker(
  db: Pool,
  { customerData, triggerPolicy, bot, routingPolicy, channelSenders = {}, deliveryAttempts = 3, queueSweepSeconds }: TestWorkerOptions = {},
): Promise<TestWorker> {
  if (!runtimeQuieted) {
    installTemporalRuntime('warn');
    runtimeQuieted = true;
  }
  const address = testEnv('temporalAddress');
  const dataConverter = testDataConverter();
  const client = new Client({ connection: await Connection.connect({ address }), dataConverter });
  const taskQueue = `baton-test-${randomBytes(4).toString('hex')}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const notifyOutbox = createOutboxNotifier(client, { db, taskQueue, channels: Object.keys(channelSenders) as Channel[], maximumAttempts: deliveryAttempts });
  const worker = await createBatonWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    dataConverter,
    dependencies: {
      db,
      notifyAssignment: createAssignmentNotifier(client),
      notifyQueueReordered: createQueueReorderedNotifier(client),
      channelSenders,
      notifyOutbox,
      customerData: customerData ?? createPostgresCustomerProvider(db),
      ...(triggerPolicy ? { triggerPolicy } : {}),
      ...(bot ? { bot } : {}),
      ...(routingPolicy ? { routingPolicy } : {}),
    },
    workflowBundle: { codePath: testEnv('workflowBundle') },
    ...(queueSweepSeconds ? { queueSweepSeconds } : {}),
  });
  const running = worker.run();
  return {
    client,
    taskQueue,
    worker,
    notifyOutbox,
    stop: async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await client.connection.close();
    },
  };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
