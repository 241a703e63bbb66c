// The trace-id ratio rule of OpenTelemetry JS's TraceIdRatioBasedSampler,
// written out so the workflow sandbox (which has no SDK) decides exactly as a
// host `traceidratio` sampler would for the same trace id. No imports.

/** True when a `traceidratio` sampler with `ratio` samples `traceId` (32 lower-case hex digits). */
export function traceIdRatioSampled(traceId: string, ratio: number): boolean {
  if (!(ratio > 0)) return false;
  if (ratio >= 1) return true;
  const upperBound = Math.floor(ratio * 0xffffffff);
  let accumulation = 0;
  for (let i = 0; i < 32; i += 8) {
    accumulation = (accumulation ^ parseInt(traceId.slice(i, i + 8), 16)) >>> 0;
  }
  return accumulation < upperBound;
}
