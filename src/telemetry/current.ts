// The pipeline setupTelemetry() built in this process, kept apart from setup.ts
// so that code which only needs to find it (the plugin) does not load the
// OpenAI instrumentation and the price table with it.
import type { Telemetry } from './setup.js';

let current: Telemetry | undefined;

/** The telemetry set up in this process, if any. */
export function getTelemetry(): Telemetry | undefined {
  return current;
}

/** Records (or, with undefined, forgets) the process's telemetry; setupTelemetry's own business. */
export function setCurrentTelemetry(telemetry: Telemetry | undefined): void {
  current = telemetry;
}
