import { Metadata, status, type ServerUnaryCall } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConcurrencyError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type Logger,
  type TokenVerifier,
} from '@fivesoc/service-kit';
import { silent } from '../testing/readModelFixture.ts';
import { expired, statusOf, unary } from './calls.ts';

const logger = silent as unknown as Logger;
const fakeCall = (deadline: number, cancelled = false) =>
  ({
    cancelled,
    getDeadline: () => deadline,
    metadata: new Metadata(),
    request: {},
  }) as unknown as ServerUnaryCall<object, object>;

describe('gRPC edge rules', () => {
  it('maps domain errors to gRPC status codes, keeping the field in the message', () => {
    expect(statusOf(new ValidationError('page_size', 'too big'), logger)).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'page_size: too big',
    });
    expect(
      statusOf(new ValidationError('items.0.quantity', 'too big'), logger).metadata?.get('fivesoc-field'),
    ).toEqual(['items.0.quantity']);
    expect(statusOf(new NotFoundError('case', 'c-1'), logger).code).toBe(status.NOT_FOUND);
    expect(statusOf(new AlreadyExistsError('case', 'c-1'), logger).code).toBe(status.ALREADY_EXISTS);
    expect(statusOf(new IllegalStateError('closed'), logger).code).toBe(status.FAILED_PRECONDITION);
    expect(statusOf(new ConcurrencyError('case-c-1', 1, 2), logger).code).toBe(status.ABORTED);
    expect(statusOf(new Error('boom'), logger)).toMatchObject({
      code: status.INTERNAL,
      details: 'internal error',
    });
  });

  it('treats a passed deadline or a cancelled call as expired, an infinite deadline as not', () => {
    expect(expired(fakeCall(Date.now() - 1))).toBe(true);
    expect(expired(fakeCall(Infinity, true))).toBe(true);
    expect(expired(fakeCall(Infinity))).toBe(false);
    expect(expired(fakeCall(Date.now() + 60_000))).toBe(false);
  });

  it('does no work for a call whose deadline has passed: DEADLINE_EXCEEDED, token not even checked', async () => {
    let verified = false;
    const verifier: TokenVerifier = {
      verify: () => {
        verified = true;
        return Promise.reject(new Error('not reached'));
      },
    };
    const handler = unary({ verifier, logger }, ['district_admin'], () => Promise.resolve({}));
    const code = await new Promise((resolve) =>
      handler(fakeCall(Date.now() - 1), (err) => resolve(err?.code)),
    );
    expect(code).toBe(status.DEADLINE_EXCEEDED);
    expect(verified).toBe(false);
  });
});
