/**
 * One piece of work at a time, in arrival order: a handler's work starts when the previous one's
 * has finished, so the machine only ever sees one event at a time. `idle` is true when none waits.
 */
export function createSerialQueue() {
  let busy = 0;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      busy += 1;
      const run = tail.then(work).finally(() => {
        busy -= 1;
      });
      tail = run.catch(() => undefined);
      return run;
    },
    idle: () => busy === 0,
  };
}
