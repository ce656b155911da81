import {
  status,
  type Metadata,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServerWritableStream,
  type ServiceError,
  type sendUnaryData,
} from '@grpc/grpc-js';
import {
  FivesocError,
  ForbiddenError,
  grpcStatusOf,
  type Logger,
  type Principal,
  type Role,
  type TokenVerifier,
  ValidationError,
} from '@fivesoc/service-kit';

/**
 * A request whose bytes were not protobuf. grpc-js decodes before a handler runs and answers INTERNAL when
 * decoding throws, before any token is looked at; so decoding answers this instead, and the wrappers below
 * turn it into INVALID_ARGUMENT once the caller is authenticated and allowed.
 */
export class Undecodable {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** The service definition with request decoders that never throw (they return an `Undecodable`). */
export function withTolerantDecoding<S extends ServiceDefinition>(definition: S): S {
  const methods = Object.entries(definition).map(([name, m]) => {
    const decode = (bytes: Buffer): unknown => {
      try {
        return m.requestDeserialize(bytes);
      } catch (err) {
        return new Undecodable((err as Error).message);
      }
    };
    return [name, { ...m, requestDeserialize: decode }];
  });
  return Object.fromEntries(methods) as S;
}

/** After the token and the role: a request that could not be decoded is the caller's error. */
function decoded<Req>(request: Req): Req {
  if (request instanceof Undecodable)
    throw new ValidationError('request', `not a valid protobuf message (${request.reason})`);
  return request;
}

/** A unary handler that runs after auth: gets the request and the caller, returns the response. */
export type Handler<Req, Res> = (
  request: Req,
  principal: Principal,
  call: ServerUnaryCall<Req, Res>,
) => Promise<Res>;

export interface CallContext {
  verifier: TokenVerifier;
  logger: Logger;
}

const failure = (code: status, details: string): Partial<ServiceError> => ({
  code,
  details,
  message: details,
});

/** Maps an error to a gRPC status: domain errors by the kit's table, anything else INTERNAL (logged). */
export function statusOf(err: unknown, logger: Logger): Partial<ServiceError> {
  if (err instanceof FivesocError) return failure(grpcStatusOf(err.code), err.message);
  logger.error({ err }, 'grpc call failed');
  return failure(status.INTERNAL, 'internal error');
}

const header = (metadata: Metadata): string | undefined => {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' ? value : undefined;
};

/** True when the call can no longer be answered usefully (cancelled by the client or past its deadline). */
export function expired(call: Pick<ServerUnaryCall<unknown, unknown>, 'cancelled' | 'getDeadline'>): boolean {
  if (call.cancelled) return true;
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) && at > 0 && at <= Date.now();
}

/**
 * Wraps a handler with the edge rules: deadline checked before and after work, `authorization: Bearer`
 * verified (UNAUTHENTICATED), role checked (PERMISSION_DENIED), errors mapped to gRPC status.
 */
export function unary<Req, Res>(ctx: CallContext, roles: readonly Role[], handler: Handler<Req, Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const run = async (): Promise<Res | undefined> => {
      if (expired(call)) return undefined;
      const principal = await ctx.verifier.verify(header(call.metadata));
      if (!principal.roles.some((r) => roles.includes(r))) throw new ForbiddenError();
      const result = await handler(decoded(call.request), principal, call);
      return expired(call) ? undefined : result;
    };
    run().then(
      (result) => {
        if (result === undefined)
          callback(failure(status.DEADLINE_EXCEEDED, 'deadline exceeded or cancelled'));
        else callback(null, result);
      },
      (err: unknown) => callback(statusOf(err, ctx.logger)),
    );
  };
}

/** A server-streaming handler that runs after auth; it writes to the call and resolves when it is done. */
export type StreamHandler<Req, Res> = (
  request: Req,
  principal: Principal,
  call: ServerWritableStream<Req, Res>,
) => Promise<void>;

/**
 * The same edge rules for a server stream: deadline, token, role; an error ends the stream with its status,
 * and a stream whose handler returns is ended with OK (unless the client has gone or the deadline passed).
 */
export function serverStream<Req, Res>(
  ctx: CallContext,
  roles: readonly Role[],
  handler: StreamHandler<Req, Res>,
) {
  return (call: ServerWritableStream<Req, Res>): void => {
    const run = async (): Promise<boolean> => {
      if (expired(call)) return false;
      const principal = await ctx.verifier.verify(header(call.metadata));
      if (!principal.roles.some((r) => roles.includes(r))) throw new ForbiddenError();
      await handler(decoded(call.request), principal, call);
      return !expired(call);
    };
    run().then(
      (ok) => {
        if (ok) call.end();
        else if (!call.cancelled)
          call.emit('error', failure(status.DEADLINE_EXCEEDED, 'deadline exceeded or cancelled'));
      },
      (err: unknown) => {
        if (!call.cancelled) call.emit('error', statusOf(err, ctx.logger));
      },
    );
  };
}
