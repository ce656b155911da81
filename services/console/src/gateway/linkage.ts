import {
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  ScalarType,
  type DescMessage,
  type DescMethod,
  type DescService,
  type JsonObject,
  type JsonValue,
} from '@bufbuild/protobuf';
import {
  Client,
  credentials,
  Metadata,
  status as GrpcStatus,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { NotFoundError, ValidationError, FivesocError, type HttpApp } from '@fivesoc/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireSession, type Session, type SessionStore } from '../auth/sessions.ts';
import { securityHeaders } from '../security.ts';
import { grpcPath } from './descriptor.ts';
import { gatewayError, httpOfGrpc } from './status.ts';

export interface LinkageGatewayDeps {
  service: DescService;
  target: string;
  sessions: SessionStore;
  timeoutMs: number;
}

const identity = (b: Buffer) => b;
/** SSE comment sent this often so proxies and the browser keep an idle stream open. */
export const PING_MS = 15_000;

/** The metadata of a call on behalf of a user: their bearer token and the request id for the logs. */
function metadataFor(session: Session, req: FastifyRequest): Metadata {
  const md = new Metadata();
  md.set('authorization', `Bearer ${session.token}`);
  md.set('x-request-id', req.id);
  return md;
}

/**
 * The JSON path of the first value `message` cannot decode from `json`: each field is tried on its own,
 * and a bad message-typed field is searched further, so `items.0.quantity` rather than `items`.
 */
function locate(message: DescMessage, json: JsonValue, path: string[]): string[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return path;
  for (const [key, value] of Object.entries(json)) {
    const field = message.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) return [...path, key];
    try {
      fromJson(message, { [key]: value }, { ignoreUnknownFields: false });
      continue;
    } catch {
      // this one: look inside it
    }
    const here = [...path, field.jsonName];
    if (field.fieldKind === 'message') return locate(field.message, value, here);
    if (field.fieldKind === 'list' && field.listKind === 'message' && Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        try {
          fromJson(field.message, item, { ignoreUnknownFields: false });
        } catch {
          return locate(field.message, item, [...here, String(i)]);
        }
      }
    }
    return here;
  }
  return path;
}

/**
 * A JSON request in the proto3 JSON mapping as the method's request message; a field the message does not
 * have or a value of the wrong kind is a 400 naming that field by its JSON name.
 */
function decodeRequest(method: DescMethod, json: JsonValue): Uint8Array {
  try {
    return toBinary(method.input, fromJson(method.input, json, { ignoreUnknownFields: false }));
  } catch (err) {
    const text = (err as Error).message;
    const path = locate(method.input, json, []);
    const field = path.length > 0 ? path.join('.') : 'body';
    const reason = /key "[^"]+" is unknown/.test(text)
      ? 'unknown field'
      : text.replace(/^cannot decode [^:]*from JSON: /, '');
    throw new ValidationError(field, reason);
  }
}

const encodeResponse = (method: DescMethod, bytes: Buffer): JsonValue =>
  toJson(method.output, fromBinary(method.output, bytes), { alwaysEmitImplicit: true });

/** Query parameters as the request's JSON: repeated fields from repeated parameters, booleans from true/false. */
function queryToJson(message: DescMessage, query: Record<string, string | string[] | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const field = message.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) throw new ValidationError(key, 'unknown field');
    const values = Array.isArray(raw) ? raw : [raw];
    const scalar = (v: string): JsonValue =>
      field.fieldKind === 'scalar' && field.scalar === ScalarType.BOOL ? v === 'true' : v;
    if (field.fieldKind === 'list') out[field.jsonName] = values.map(scalar);
    else out[field.jsonName] = scalar(values[values.length - 1] ?? '');
  }
  return out;
}

function sendError(reply: FastifyReply, err: ServiceError, method: DescMethod) {
  const { status, body } = gatewayError(err, method.input);
  if (status >= 500) reply.log.warn({ grpcCode: err.code, details: err.details }, 'linkage call failed');
  return reply.status(status).header('x-grpc-status', String(err.code)).send(body);
}

/**
 * /api/linkage/<Method>: every RPC of LinkageService, from its descriptor. Unary RPCs are POST with the
 * request as JSON; server-streaming RPCs (WatchCase) are GET with the request as query parameters, answered
 * as Server-Sent Events. Who may call: a session; linkage decides what the user's token may do.
 */
export function linkageRoutes(app: HttpApp, deps: LinkageGatewayDeps): { close(): void } {
  const client = new Client(deps.target, credentials.createInsecure());
  const methods = new Map(deps.service.methods.map((m) => [m.name, m]));
  const streams = new Set<{ end(): void }>();

  // Both routes take a session and forward with the user's token: linkage decides and scopes.
  const GATEWAY_ROUTE = {
    config: {
      public: true,
      session: 'required' as const,
      scope: { global: "forwarded with the user's own token: the service behind decides and scopes" },
    },
    schema: { hide: true },
  };

  const lookup = (name: string): DescMethod => {
    const method = methods.get(name);
    if (!method) throw new NotFoundError('RPC', `${deps.service.typeName}/${name}`);
    return method;
  };

  app.post<{ Params: { method: string } }>('/api/linkage/:method', GATEWAY_ROUTE, async (req, reply) => {
    const session = requireSession(deps.sessions, req);
    const method = lookup(req.params.method);
    if (method.methodKind !== 'unary') {
      throw new FivesocError(
        'NOT_FOUND',
        `${method.name} streams: GET /api/linkage/${method.name} as Server-Sent Events`,
      );
    }
    const body = (req.body ?? {}) as JsonValue;
    const request = Buffer.from(decodeRequest(method, body));
    const answer = await new Promise<{ ok: Buffer } | { err: ServiceError }>((resolve) => {
      client.makeUnaryRequest(
        grpcPath(method),
        identity,
        identity,
        request,
        metadataFor(session, req),
        { deadline: Date.now() + deps.timeoutMs },
        (err, value) => resolve(err ? { err } : { ok: value ?? Buffer.alloc(0) }),
      );
    });
    if ('err' in answer) return sendError(reply, answer.err, method);
    return reply
      .status(httpOfGrpc(GrpcStatus.OK).http)
      .header('x-grpc-status', '0')
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(encodeResponse(method, answer.ok)));
  });

  app.get<{ Params: { method: string }; Querystring: Record<string, string | string[]> }>(
    '/api/linkage/:method',
    GATEWAY_ROUTE,
    async (req, reply) => {
      const session = requireSession(deps.sessions, req);
      const method = lookup(req.params.method);
      if (method.methodKind !== 'server_streaming') {
        throw new FivesocError(
          'NOT_FOUND',
          `${method.name} is unary: POST /api/linkage/${method.name} with a JSON body`,
        );
      }
      const json = queryToJson(method.input, req.query);
      // A reconnecting EventSource says which event it saw last; a request with an `after_version`
      // resumes after it (WatchCase), so nothing is missed and nothing is sent twice.
      const lastId = req.headers['last-event-id'];
      const after = method.input.fields.find((f) => f.name === 'after_version');
      if (after && typeof lastId === 'string' && /^\d{1,18}$/.test(lastId) && !(after.jsonName in json)) {
        json[after.jsonName] = lastId;
      }
      const request = Buffer.from(decodeRequest(method, json));
      const idField = method.output.fields.find((f) => f.name === 'stream_version');

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...securityHeaders(req.cspNonce),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const call: ClientReadableStream<Buffer> = client.makeServerStreamRequest(
        grpcPath(method),
        identity,
        identity,
        request,
        metadataFor(session, req),
        {},
      );
      let done = false;
      const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
      const finish = () => {
        if (done) return;
        done = true;
        clearInterval(ping);
        streams.delete(handle);
        call.cancel();
        res.end();
      };
      const handle = { end: finish };
      streams.add(handle);
      call.on('data', (bytes: Buffer) => {
        const message = encodeResponse(method, bytes) as JsonObject;
        const id = idField ? message[idField.jsonName] : undefined;
        res.write(
          `${typeof id === 'string' || typeof id === 'number' ? `id: ${id}\n` : ''}data: ${JSON.stringify(message)}\n\n`,
        );
      });
      call.on('error', (err: ServiceError) => {
        if (!done && err.code !== GrpcStatus.CANCELLED) {
          res.write(`event: error\ndata: ${JSON.stringify(gatewayError(err, method.input).body)}\n\n`);
        }
        finish();
      });
      call.on('end', finish);
      req.raw.on('close', finish);
    },
  );

  return {
    close() {
      for (const s of [...streams]) s.end();
      client.close();
    },
  };
}

/** The unary and streaming method names, for /api/linkage (the app's and the tests' index of the gateway). */
export const methodIndex = (service: DescService) =>
  service.methods.map((m) => ({
    name: m.name,
    kind: m.methodKind === 'unary' ? ('unary' as const) : ('stream' as const),
    http: m.methodKind === 'unary' ? `POST /api/linkage/${m.name}` : `GET /api/linkage/${m.name}`,
  }));
