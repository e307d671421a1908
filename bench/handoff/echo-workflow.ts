import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The physical floor: an Update that does nothing, on a workflow that does nothing, through the same server. */
export const echoUpdate = defineUpdate<number, [number]>('echo');
export const stopUpdate = defineUpdate<void>('stop');

export async function echoWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(echoUpdate, (n) => n);
  setHandler(stopUpdate, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
