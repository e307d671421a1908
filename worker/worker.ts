import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { sweepOutbox } from './outbox-sweep';
import { unfixableErrorsInterceptor } from './unfixable-errors';

export interface BatonWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: ActivityDependencies;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createBatonWorker(options: BatonWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, dependencies, workflowBundle } = options;
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(dependencies),
    interceptors: { activity: [unfixableErrorsInterceptor] },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
  sweepOutbox(worker, dependencies);
  return worker;
}
