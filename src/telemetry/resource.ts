import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { TelemetryConfig } from '../config/index.js';

/** The process resource: SDK defaults, OTEL_RESOURCE_ATTRIBUTES, service name, Phoenix project. */
export function buildResource(config: TelemetryConfig): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      // Phoenix files spans under this project name; default it to the service.
      'openinference.project.name': config.serviceName,
      ...config.resourceAttributes,
      'service.name': config.serviceName,
    }),
  );
}
