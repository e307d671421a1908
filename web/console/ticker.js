/** One clock for every countdown and wait on screen, ticking once a second while anything listens. */
const listeners = new Set();
let timer = null;

export function onTick(listener) {
  listeners.add(listener);
  if (!timer) timer = setInterval(() => listeners.forEach((fn) => fn(Date.now())), 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
