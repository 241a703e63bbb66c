// The OpenAPI 3.1 document of the HTTP API, built from the route table.
import type { RouteSpec } from './routes.js';

/** Where the document is served. */
export const OPENAPI_PATH = '/openapi.json';

/** The OpenAPI document describing `routes`. */
export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [
      ...Object.entries(propertiesOf(route.schema.params)).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      })),
      ...Object.entries(propertiesOf(route.schema.querystring)).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(route.schema.response)) {
      const type = status.startsWith('2') && route.produces ? route.produces : 'application/json';
      responses[status] = { description: describe(Number(status)), content: { [type]: { schema } } };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(route.schema.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: route.schema.body } } } }
        : {}),
      responses,
      ...(route.url.startsWith('/api/') ? { security: [{ bearer: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'temporal-agents-otel agent runs API',
      version,
      description: 'Start, follow, approve, cancel and list agent runs on Temporal; every run is traced.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

function propertiesOf(schema: object | undefined): Record<string, unknown> {
  return ((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<
    string,
    unknown
  >;
}

function describe(status: number): string {
  const text: Record<number, string> = {
    200: 'OK',
    201: 'Created',
    202: 'Accepted: the run goes on',
    400: 'The request is invalid; `error.field` names the field',
    401: 'Missing or wrong bearer token',
    404: 'No such run or agent',
    409: 'The run is not in a state that allows this',
    413: 'The body is larger than the server accepts',
    415: 'The body is not application/json',
  };
  return text[status] ?? 'Response';
}
