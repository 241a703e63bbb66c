/**
 * Fault rules for the offline model: a small plan of misbehaviours (errors,
 * broken bodies, delays, hangs) so retry and error paths can be exercised
 * without a real provider.
 */

/** Reply with an HTTP error status and an OpenAI-shaped error body. */
export interface StatusFault {
  kind: 'status';
  status: number;
  times: number;
  /** Sent as `retry-after` (seconds) and `retry-after-ms` headers when set. */
  retryAfterSeconds?: number;
  path?: string;
}

/** Reply 200 with a body that is not valid JSON. */
export interface MalformedFault {
  kind: 'malformed';
  times: number;
  path?: string;
}

/** Delay the request, then handle it normally (or apply the next rule). */
export interface LatencyFault {
  kind: 'latency';
  ms: number;
  /** Omitted: applies to every matching request forever. */
  times?: number;
  path?: string;
}

/** Never answer; the socket stays open until the client gives up or the server closes. */
export interface HangFault {
  kind: 'hang';
  times: number;
  path?: string;
}

/**
 * Hold the request until the server's `release()` (or `POST /__offline/release`),
 * then answer it normally: lets a test act while a model call is known to be in flight.
 */
export interface HoldFault {
  kind: 'hold';
  times: number;
  path?: string;
}

/** One entry of a fault plan. `path` is matched as a substring of the request path. */
export type FaultRule = StatusFault | MalformedFault | LatencyFault | HangFault | HoldFault;

const PARSE_HINT = 'expected e.g. 429x2@1, 500x1, malformedx1, latency=250, hangx1, holdx1';

const STATUS_ITEM = /^(\d{3})x(\d+)(?:@(\d+(?:\.\d+)?))?$/;
/** The faults given by a kind and a count only: `malformedx1`, `hangx2`, `holdx1`. */
const COUNTED_ITEM = /^(malformed|hang|hold)x(\d+)$/;
const LATENCY_ITEM = /^latency=(\d+)(?:x(\d+))?$/;

/**
 * Parses the `OFFLINE_MODEL_FAULTS` spec, a comma-separated list such as
 * `429x2@1,500x1,malformedx1,latency=250x3,hangx1`. An empty spec gives no rules.
 *
 * @throws Error naming OFFLINE_MODEL_FAULTS and the offending item.
 */
export function parseFaults(spec: string): FaultRule[] {
  const items = spec
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items.map(parseItem);
}

function parseItem(item: string): FaultRule {
  const lower = item.toLowerCase();
  const status = STATUS_ITEM.exec(lower);
  if (status) {
    const code = Number(status[1]);
    // Only error statuses make sense as faults; a 200 "fault" would be a silent no-op.
    if (code >= 400 && code <= 599) {
      const rule: StatusFault = { kind: 'status', status: code, times: Number(status[2]) };
      if (status[3] !== undefined) rule.retryAfterSeconds = Number(status[3]);
      return rule;
    }
  }
  const counted = COUNTED_ITEM.exec(lower);
  if (counted) return { kind: counted[1] as 'malformed' | 'hang' | 'hold', times: Number(counted[2]) };
  const latency = LATENCY_ITEM.exec(lower);
  if (latency) {
    const rule: LatencyFault = { kind: 'latency', ms: Number(latency[1]) };
    if (latency[2] !== undefined) rule.times = Number(latency[2]);
    return rule;
  }
  throw new Error(`OFFLINE_MODEL_FAULTS: cannot parse "${item}": ${PARSE_HINT}`);
}

/**
 * Checks an untrusted value (e.g. the admin endpoint's JSON body) and returns
 * it as a fault plan.
 *
 * @throws Error describing the first invalid rule.
 */
export function validateFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new Error('fault plan must be a JSON array of rules');
  return value.map((rule, index) => {
    const problem = describeProblem(rule);
    if (problem) throw new Error(`fault rule ${index}: ${problem}`);
    return { ...(rule as FaultRule) };
  });
}

function describeProblem(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'must be an object';
  const r = rule as Record<string, unknown>;
  if (r.path !== undefined && typeof r.path !== 'string') return 'path must be a string';
  const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  switch (r.kind) {
    case 'status':
      if (!Number.isInteger(r.status) || (r.status as number) < 400 || (r.status as number) > 599) {
        return 'status must be an integer 400-599';
      }
      if (
        r.retryAfterSeconds !== undefined &&
        !(typeof r.retryAfterSeconds === 'number' && r.retryAfterSeconds >= 0)
      ) {
        return 'retryAfterSeconds must be a non-negative number';
      }
      return isCount(r.times) ? undefined : 'times must be a non-negative integer';
    case 'malformed':
    case 'hang':
    case 'hold':
      return isCount(r.times) ? undefined : 'times must be a non-negative integer';
    case 'latency':
      if (!(typeof r.ms === 'number' && r.ms >= 0)) return 'ms must be a non-negative number';
      return r.times === undefined || isCount(r.times) ? undefined : 'times must be a non-negative integer';
    default:
      return 'kind must be one of status, malformed, latency, hang, hold';
  }
}

/**
 * A mutable fault plan: tracks how often each rule has fired so it can be
 * spent after `times` matches.
 */
export class FaultPlan {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private injected = 0;

  constructor(rules: FaultRule[] = []) {
    this.replace(rules);
  }

  /** Replaces every rule; counters restart. */
  replace(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  /** How many times any rule has fired since the server started. */
  get faultsInjected(): number {
    return this.injected;
  }

  /**
   * Returns, in plan order, the rules that fire for this request and consumes
   * one use of each. Latency and hold rules stack (they only delay the
   * request); the first other rule ends the list because it decides the whole
   * answer.
   */
  take(path: string): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const entry of this.rules) {
      if (entry.remaining <= 0) continue;
      if (entry.rule.path !== undefined && !path.includes(entry.rule.path)) continue;
      entry.remaining -= 1;
      this.injected += 1;
      fired.push(entry.rule);
      if (entry.rule.kind !== 'latency' && entry.rule.kind !== 'hold') break;
    }
    return fired;
  }
}
