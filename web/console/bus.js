/** What the parts of the screen tell each other (an offer arrived, a conversation changed hands). */
export function createBus() {
  const listeners = new Map();
  return {
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(listener);
      return () => listeners.get(type)?.delete(listener);
    },
    emit(type, data) {
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          listener(data);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}
