// Reading protobuf values in history events loosely: numbers, times, failures
// and payload lists, whichever SDK wrote them.
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import type { FailureRecord } from './run-record.js';

type Loose = Record<string, any>;

/** A number from protobuf's int64 (Long), string or number. */
export function int(value: unknown): number {
  if (value && typeof value === 'object' && typeof (value as Loose).toNumber === 'function')
    return (value as Loose).toNumber();
  return Number(value ?? 0);
}

/** Milliseconds of a protobuf Timestamp or Duration. */
export function millis(ts: unknown): number {
  if (!ts || typeof ts !== 'object') return 0;
  return int((ts as Loose).seconds) * 1000 + Math.floor(int((ts as Loose).nanos) / 1e6);
}

export function failureOf(f: Loose | null | undefined): FailureRecord | undefined {
  if (!f) return undefined;
  const type =
    f.applicationFailureInfo?.type ||
    (f.timeoutFailureInfo ? 'TimeoutFailure' : undefined) ||
    (f.canceledFailureInfo ? 'CancelledFailure' : undefined) ||
    (f.terminatedFailureInfo ? 'TerminatedFailure' : undefined) ||
    (f.serverFailureInfo ? 'ServerFailure' : undefined);
  const message = String(f.message ?? '') || (f.cause ? String(f.cause.message ?? '') : '');
  return { message, ...(type ? { type } : {}) };
}

/** The payloads of a `Payloads` message (none when absent). */
export const payloads = (p: Loose | null | undefined): Payload[] => (p?.payloads as Payload[]) ?? [];
