import type { InstrumentationScope } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { Resource } from "@opentelemetry/resources";

/**
 * The instrumentation scope of everything the backfill sends. No version: a re-run by a newer dora
 * sends the same bytes.
 */
export const INSTRUMENTATION_SCOPE: InstrumentationScope = { name: "dora-backfill" };

export const DEFAULT_SERVICE_NAME = "dora";

/** The OTLP resource: only `service.name` (OTEL_SERVICE_NAME, default "dora"; Mimir turns it into `job`). */
export function backfillResource(serviceName: string = DEFAULT_SERVICE_NAME): Resource {
  return resourceFromAttributes({ "service.name": serviceName });
}
