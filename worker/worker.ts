import { getHeapStatistics } from 'node:v8';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, type State, type WorkflowBundleOption } from '@temporalio/worker';
import { deliveryTaskQueueOf } from '../workflows/definitions';
import { createActivities, type ActivityDependencies } from '../activities';
import { sweepOutbox } from './outbox-sweep';
import { sweepQueue } from './queue-sweep';
import { unfixableErrorsInterceptor } from './unfixable-errors';

export interface BatonWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The encrypting codec (temporal/codec.ts): required, so no worker of Baton's writes customer data in clear. */
  dataConverter: DataConverter;
  dependencies: ActivityDependencies;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** The conversations' sticky cache (`maxCachedWorkflows`); unset, `defaultCachedWorkflows()`. */
  cachedWorkflows?: number;
  /** How often the queue sweep looks (worker/queue-sweep.ts); tests shorten it. */
  queueSweepSeconds?: number;
}

/**
 * How many conversations the worker keeps in memory between their turns, unless told: what the
 * heap holds at 0.4 MiB each after 1 GiB for everything else. The SDK's own default assumes 1.7 MiB
 * a workflow (about 2,300 cached at Node's default heap here), where a conversation measured 0.25 MB
 * (bench:handoff at 10,000 open, 2026-12-03: 1.9 GB of worker RSS with 2,311 cached, 3.8 GB with all
 * 10,000); and past the cache every wake replays a history, which is what a long line cannot afford.
 */
export function defaultCachedWorkflows(heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20): number {
  return Math.max(100, Math.floor((heapLimitMiB - 1024) * 2.5));
}

/** Slots for deliveries to channels and webhooks, apart from the conversations' own. */
const DELIVERY_ACTIVITY_SLOTS = 50;

/** The two workers of one process, run and stopped as one. */
export interface BatonWorker {
  run(): Promise<void>;
  shutdown(): void;
  /** The conversations' worker's state (the deliveries' follows it). */
  getState(): State;
}

/**
 * The conversations' worker on `taskQueue`, and the deliveries' on a queue of their own
 * (workflows/definitions.ts `deliveryTaskQueueOf`) with its own activity slots: a webhook that
 * hangs for its whole timeout fills only those, and the conversations' turns go on. Delivery
 * workflows started on the conversations' queue before the split finish there: both workers have
 * every workflow and activity. The workflows are bundled once for both.
 */
export async function createBatonWorker(options: BatonWorkerOptions): Promise<BatonWorker> {
  const { connection, namespace, taskQueue, dataConverter, dependencies, workflowBundle, cachedWorkflows, queueSweepSeconds } = options;
  const bundle = workflowBundle ?? { code: (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: QUIET_BUNDLER })).code };
  const shared = { connection, namespace, dataConverter, activities: createActivities(dependencies), interceptors: { activity: [unfixableErrorsInterceptor] }, workflowBundle: bundle };
  const conversations = await Worker.create({ ...shared, taskQueue, maxCachedWorkflows: cachedWorkflows ?? defaultCachedWorkflows() });
  const deliveries = await Worker.create({ ...shared, taskQueue: deliveryTaskQueueOf(taskQueue), maxConcurrentActivityTaskExecutions: DELIVERY_ACTIVITY_SLOTS });
  const both: BatonWorker = {
    async run() {
      const running = [conversations.run(), deliveries.run()];
      // One failing stops the other, so the process ends and is restarted as a whole.
      running.forEach((run) => run.catch(() => both.shutdown()));
      await Promise.all(running);
    },
    shutdown() {
      for (const worker of [conversations, deliveries]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    getState: () => conversations.getState(),
  };
  sweepOutbox(both, dependencies);
  sweepQueue(both, dependencies, queueSweepSeconds);
  return both;
}

const QUIET_BUNDLER = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };
