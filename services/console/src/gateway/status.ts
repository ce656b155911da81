import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { DescMessage } from '@bufbuild/protobuf';
import type { ErrorCode } from '@fivesoc/service-kit';

/** The error body every fivesoc HTTP API answers (packages/service-kit/src/http-errors.ts). */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * The one table from gRPC status to the HTTP status and the service kit's error code the browser sees.
 * Every linkage answer through the gateway goes through it; nothing else decides a gateway status.
 */
export const GRPC_TO_HTTP: Readonly<Record<number, { http: number; code: ErrorCode }>> = {
  [GrpcStatus.INVALID_ARGUMENT]: { http: 400, code: 'VALIDATION' },
  [GrpcStatus.UNAUTHENTICATED]: { http: 401, code: 'UNAUTHENTICATED' },
  [GrpcStatus.PERMISSION_DENIED]: { http: 403, code: 'FORBIDDEN' },
  [GrpcStatus.NOT_FOUND]: { http: 404, code: 'NOT_FOUND' },
  [GrpcStatus.ALREADY_EXISTS]: { http: 409, code: 'ALREADY_EXISTS' },
  [GrpcStatus.ABORTED]: { http: 409, code: 'CONFLICT' },
  [GrpcStatus.FAILED_PRECONDITION]: { http: 422, code: 'ILLEGAL_STATE' },
  [GrpcStatus.RESOURCE_EXHAUSTED]: { http: 429, code: 'UNAVAILABLE' },
  [GrpcStatus.UNAVAILABLE]: { http: 503, code: 'UNAVAILABLE' },
  [GrpcStatus.DEADLINE_EXCEEDED]: { http: 504, code: 'UNAVAILABLE' },
};
/** Any other status (UNKNOWN, INTERNAL, UNIMPLEMENTED, DATA_LOSS, CANCELLED …): linkage failed, the gateway did not. */
export const OTHER_STATUS = { http: 502, code: 'INTERNAL' as ErrorCode };

/** OK → 200; an error status → its row of the table. */
export function httpOfGrpc(code: number): { http: number; code: ErrorCode | 'OK' } {
  if (code === (GrpcStatus.OK as number)) return { http: 200, code: 'OK' };
  return GRPC_TO_HTTP[code] ?? OTHER_STATUS;
}

/** The trailing metadata key linkage puts a validation error's field in (proto names, dotted). */
export const FIELD_METADATA = 'fivesoc-field';

/**
 * A proto field path (`items.0.quantity`, `page_size`) in the request's JSON names (`items.0.quantity`,
 * `pageSize`), following the request message's fields; a segment the message does not know is camel-cased.
 */
export function jsonFieldPath(path: string, message: DescMessage | undefined): string {
  let current: DescMessage | undefined = message;
  return path
    .split('.')
    .filter((s) => s.length > 0)
    .map((segment) => {
      if (/^\d+$/.test(segment)) return segment;
      const field = current?.fields.find((f) => f.name === segment || f.jsonName === segment);
      if (!field) {
        current = undefined;
        return segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      }
      current = field.message;
      return field.jsonName;
    })
    .join('.');
}

/** The field a gRPC error names: the trailing metadata entry, else the `field: reason` prefix of INVALID_ARGUMENT. */
export function fieldOfGrpcError(
  err: Pick<ServiceError, 'code' | 'details' | 'metadata'>,
): string | undefined {
  const fromMetadata = err.metadata?.get(FIELD_METADATA)[0];
  if (typeof fromMetadata === 'string' && fromMetadata.length > 0) return fromMetadata;
  if (err.code !== GrpcStatus.INVALID_ARGUMENT) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*): /.exec(err.details ?? '');
  return match?.[1];
}

/** A gRPC error as the gateway answers it: the HTTP status and the body the society APIs use for errors. */
export function gatewayError(
  err: Pick<ServiceError, 'code' | 'details' | 'metadata'>,
  request: DescMessage | undefined,
): { status: number; body: ErrorBody } {
  const row = err.code === GrpcStatus.OK ? OTHER_STATUS : (GRPC_TO_HTTP[err.code] ?? OTHER_STATUS);
  const protoField = fieldOfGrpcError(err);
  const field = protoField && protoField !== 'request' ? jsonFieldPath(protoField, request) : undefined;
  let message = err.details || GrpcStatus[err.code] || 'linkage failed';
  // linkage says `page_size: must be …`; the browser knows the field as `pageSize`.
  if (protoField && field && message.startsWith(`${protoField}: `)) {
    message = `${field}: ${message.slice(protoField.length + 2)}`;
  }
  return { status: row.http, body: { error: { code: row.code, message, ...(field ? { field } : {}) } } };
}
