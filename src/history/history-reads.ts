// Reads a run's event history from the server, as the client's fetchHistory
// does, but decodes it faster. Temporal's generated decoder names a oneof's
// member after reading it, and protobufjs's oneof setter then deletes every
// other member: about 60 `delete`s per history event (HistoryEvent's
// `attributes`), which made decoding a research run's history three to four
// times slower than reading its bytes. Here the same request goes through the
// client's own RPC (its metadata, API key, deadline and retries) and the
// answer is decoded by copies of Temporal's types without such oneofs: the
// same fields with the same values (docs/decisions.md).
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import type protobuf from 'protobufjs/light.js';

type RpcImpl = (
  method: protobuf.Method,
  request: Uint8Array,
  callback: (error: Error | null, response?: Uint8Array | null) => void,
) => void;

interface HistoryTypes {
  method: protobuf.Method;
  request: protobuf.Type;
  response: protobuf.Type;
}

/**
 * The run's history (the workflow's latest run without `runId`), every page
 * of it. A client whose service is not protobufjs's (a stand-in) is read
 * through its fetchHistory.
 */
export async function fetchRunHistory(
  client: Client,
  ref: { workflowId: string; runId?: string },
): Promise<History> {
  const rpcImpl = (client.workflowService as unknown as { rpcImpl?: RpcImpl } | undefined)?.rpcImpl;
  if (typeof rpcImpl !== 'function')
    return client.workflow.getHandle(ref.workflowId, ref.runId).fetchHistory();
  const { method, request, response } = historyTypes();
  const execution = { workflowId: ref.workflowId, runId: ref.runId };
  const events: unknown[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const ask = { namespace: client.options.namespace, execution, nextPageToken };
    const bytes = await call(rpcImpl, method, request.encode(ask).finish());
    const page = response.decode(bytes) as { history?: { events?: unknown[] }; nextPageToken?: Uint8Array };
    for (const event of page.history?.events ?? []) events.push(event);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken?.length);
  return { events } as History;
}

function call(rpcImpl: RpcImpl, method: protobuf.Method, request: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    rpcImpl(method, request, (error, response) => {
      if (error) reject(error);
      else if (!response) reject(new Error(`${method.name}: the server sent no answer`));
      else resolve(response);
    }),
  );
}

let made: HistoryTypes | undefined;

/** The request, the method and a oneof-free copy of the answer's type, made on first use. */
export function historyTypes(): HistoryTypes {
  if (made) return made;
  const service = proto.temporal.api.workflowservice.v1;
  const reflection = service.WorkflowService as unknown as protobuf.Service;
  made = {
    method: reflection.methods.GetWorkflowExecutionHistory,
    request: service.GetWorkflowExecutionHistoryRequest as unknown as protobuf.Type,
    response: withoutMessageOneofs(service.GetWorkflowExecutionHistoryResponse as unknown as protobuf.Type),
  };
  return made;
}

/**
 * A copy of `type` and every type it reaches, in a root of their own, without
 * the oneofs whose members are all messages. Such a member reads the same
 * either way (absent: null); the oneof only adds a name for which one is set,
 * which the history reader does not use. Oneofs with a scalar member keep
 * their presence rules. The copy is made with the classes of the protobufjs
 * that made `type`: an app can hold several copies of protobufjs (npm nests
 * one under each package that asks for it), and only that one is sure to
 * read its types' JSON.
 */
export function withoutMessageOneofs(type: protobuf.Type): protobuf.Type {
  const Type = type.constructor as typeof protobuf.Type;
  const Root = type.root.constructor as typeof protobuf.Root;
  const reached = new Set<protobuf.Type | protobuf.Enum>();
  const visit = (t: protobuf.Type | protobuf.Enum) => {
    if (reached.has(t)) return;
    reached.add(t);
    if (!(t instanceof Type)) return;
    t.resolveAll();
    for (const field of t.fieldsArray) if (field.resolvedType) visit(field.resolvedType);
  };
  visit(type);
  const root = new Root();
  for (const t of reached) {
    const parent = root.define(t.parent!.fullName.slice(1));
    if (!(t instanceof Type)) {
      parent.add((t.constructor as typeof protobuf.Enum).fromJSON(t.name, t.toJSON()));
      continue;
    }
    const json = t.toJSON();
    delete json.nested; // nested types that are reached are copied on their own
    for (const oneof of t.oneofsArray)
      if (oneof.fieldsArray.every((f) => f.resolvedType instanceof Type)) delete json.oneofs?.[oneof.name];
    parent.add(Type.fromJSON(t.name, json));
  }
  root.resolveAll();
  return root.lookupType(type.fullName);
}
