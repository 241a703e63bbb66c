/**
 * Flushes telemetry when the process is asked to stop. If nobody else listens
 * for the signal we shut down and exit with the conventional code. If someone
 * does (a Temporal worker draining gracefully), we only flush what is queued
 * and keep exporting until the process ends; `beforeExit` then shuts down.
 * Returns a function that removes the hooks.
 */
export function installShutdownHooks(hooks: {
  flush: () => Promise<void>;
  shutdown: () => Promise<void>;
}): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) {
      void hooks.flush().catch(() => {});
      return;
    }
    void hooks.shutdown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const onBeforeExit = () => void hooks.shutdown();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.once('beforeExit', onBeforeExit);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('beforeExit', onBeforeExit);
  };
}
