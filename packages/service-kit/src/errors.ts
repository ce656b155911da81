/**
 * One error base with a stable code; the edges (HTTP, gRPC) map codes to statuses here and nowhere else.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'ILLEGAL_STATE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class FivesocError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Bad input. `field` is the dotted path of the offending field, so a client can point at it. */
export class ValidationError extends FivesocError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('VALIDATION', `${field}: ${message}`, { field });
    this.field = field;
  }
}

export class NotFoundError extends FivesocError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`, { id });
  }
}

export class AlreadyExistsError extends FivesocError {
  constructor(what: string, id: string) {
    super('ALREADY_EXISTS', `${what} ${id} already exists`, { id });
  }
}

/**
 * 409 for an id the caller chose (a task id, a ledger entry id) that is taken; `field` names where the
 * request carried it, so the error body points at it as a validation error would.
 */
export class TakenIdError extends AlreadyExistsError {
  readonly field: string;
  constructor(field: string, what: string, id: string) {
    super(what, id);
    this.field = field;
  }
}

/** A stale expected version: the caller must reload and decide again, never merge silently. */
export class ConcurrencyError extends FivesocError {
  constructor(streamId: string, expected: number, actual: number) {
    super('CONFLICT', `stream ${streamId} is at version ${actual}, expected ${expected}`, {
      streamId,
      expected,
      actual,
    });
  }
}

/** The command is well formed but not allowed in the current state. */
export class IllegalStateError extends FivesocError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('ILLEGAL_STATE', message, details);
  }
}

export class UnauthenticatedError extends FivesocError {
  constructor(message = 'a valid bearer token is required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends FivesocError {
  constructor(message = 'your role is not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

const httpStatus: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  ILLEGAL_STATE: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** gRPC status numbers (grpc.status), kept numeric so this package does not depend on grpc-js. */
const grpcStatus: Record<ErrorCode, number> = {
  VALIDATION: 3, // INVALID_ARGUMENT
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FORBIDDEN: 7, // PERMISSION_DENIED
  ILLEGAL_STATE: 9, // FAILED_PRECONDITION
  CONFLICT: 10, // ABORTED
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

export const httpStatusOf = (code: ErrorCode): number => httpStatus[code];
export const grpcStatusOf = (code: ErrorCode): number => grpcStatus[code];
