// Where spans go: the shape shared by the OTLP and the ingest configuration.

/** OTLP encodings this bridge can send. gRPC is refused with a clear error. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** One place spans are sent to, with its own queue. */
export interface OtlpDestination {
  /** Short label used in logs and metrics (`otlp`, `interactiveai`, `langfuse`). */
  name: string;
  /** Full URL of the traces signal, e.g. `http://localhost:4318/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
  compression: 'gzip' | 'none';
  timeoutMillis: number;
}
