import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../observability/logger';

/** What a change in the database wakes: an agent's desk (by agent id) or a conversation's stream (by its id). */
export type WakeupChannel = 'baton_desk' | 'baton_conversation';

export interface Wakeups {
  /** Calls `wake` whenever the database says `key` changed on `channel`; returns how to stop. */
  subscribe(channel: WakeupChannel, key: string, wake: () => void): () => void;
  close(): Promise<void>;
}

const CHANNELS: WakeupChannel[] = ['baton_desk', 'baton_conversation'];
const RECONNECT_MS = 1000;

/**
 * Postgres LISTEN on one connection of the pool, fanned out to the live streams in this process
 * (migration 012's triggers NOTIFY on every change a stream shows). A lost connection is
 * re-established within a second; meanwhile the streams' own polls carry on, so nothing is missed.
 */
export function createWakeups(db: Pool, logger: Logger): Wakeups {
  const listeners = new Map<string, Set<() => void>>();
  let client: PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    if (closed || client) return;
    try {
      const connection = await db.connect();
      connection.on('notification', ({ channel, payload }) => {
        for (const wake of listeners.get(`${channel}:${payload ?? ''}`) ?? []) wake();
      });
      connection.on('error', (error) => {
        logger.warn({ err: error }, 'stream wake-ups lost their connection; the polls carry on');
        connection.release(error);
        if (client === connection) client = null;
        schedule();
      });
      for (const channel of CHANNELS) await connection.query(`listen ${channel}`);
      client = connection;
    } catch (error) {
      logger.warn({ err: error }, 'stream wake-ups could not listen; retrying');
      schedule();
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };
  const started = connect();

  return {
    subscribe(channel, key, wake) {
      const name = `${channel}:${key}`;
      const set = listeners.get(name) ?? new Set();
      set.add(wake);
      listeners.set(name, set);
      return () => {
        set.delete(wake);
        if (set.size === 0) listeners.delete(name);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await started;
      const connection = client;
      client = null;
      if (connection) {
        await connection.query('unlisten *').catch(() => undefined);
        connection.release();
      }
    },
  };
}
