import { DefaultLogger, Runtime } from '@temporalio/worker';

/** The SDK's own logs (worker state, workflow bundling) at WARN, unless Baton logs at debug or trace. */
export function installTemporalRuntime(logLevel: string): void {
  Runtime.install({ logger: new DefaultLogger(logLevel === 'debug' || logLevel === 'trace' ? 'DEBUG' : 'WARN') });
}
