import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The SDK's own logs (worker state, workflow bundling) at WARN, unless Baton logs at debug or trace;
 * and, when an address is given, the worker's Temporal SDK metrics (activities and workflow tasks
 * run, their latencies, sticky cache, pollers) for Prometheus at `http://<address>/metrics`.
 */
export function installTemporalRuntime(logLevel: string, metricsAddress?: string): void {
  Runtime.install({
    logger: new DefaultLogger(logLevel === 'debug' || logLevel === 'trace' ? 'DEBUG' : 'WARN'),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
}
