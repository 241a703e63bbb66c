import {
  defaultResource,
  detectResources,
  hostDetector,
  processDetector,
  type Resource,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import type { TelemetryConfig } from '../config/index.js';
import { OpenInferenceAttr } from '../common/semconv.js';

/**
 * Process attributes that are not kept: a command line often carries a
 * token (`--api-key …`), and resource attributes pass no span processor, so
 * nothing would scrub them.
 */
const DROPPED = ['process.command_args', 'process.command_line', 'process.command'];

/**
 * The process resource: SDK defaults; host, process and service instance
 * (`service.instance.id`) as NodeSDK would detect them; then
 * OTEL_RESOURCE_ATTRIBUTES, the service name and the Phoenix project, which win.
 */
export function buildResource(config: TelemetryConfig): Resource {
  const detected = detectResources({ detectors: [hostDetector, processDetector, serviceInstanceIdDetector] });
  const kept = Object.fromEntries(
    Object.entries(detected.attributes).filter(([key]) => !DROPPED.includes(key)),
  );
  return defaultResource()
    .merge(resourceFromAttributes(kept))
    .merge(
      resourceFromAttributes({
        // Phoenix files spans under this project name; default it to the service.
        [OpenInferenceAttr.PROJECT_NAME]: config.serviceName,
        ...config.resourceAttributes,
        'service.name': config.serviceName,
      }),
    );
}
