import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESCRIPTOR_FILE } from '../config.ts';
import { loadLinkageService } from './descriptor.ts';
import { FIELD_METADATA, GRPC_TO_HTTP, gatewayError, httpOfGrpc, jsonFieldPath } from './status.ts';

const service = loadLinkageService(DEFAULT_DESCRIPTOR_FILE);
const input = (name: string) => service.methods.find((m) => m.name === name)?.input;
const error = (code: status, details: string, field?: string) => {
  const metadata = new Metadata();
  if (field) metadata.set(FIELD_METADATA, field);
  return { code, details, metadata };
};

describe('the gRPC status table', () => {
  it('maps each status to the HTTP status and error code of the contract', () => {
    const expected: [status, number, string][] = [
      [status.OK, 200, 'OK'],
      [status.INVALID_ARGUMENT, 400, 'VALIDATION'],
      [status.UNAUTHENTICATED, 401, 'UNAUTHENTICATED'],
      [status.PERMISSION_DENIED, 403, 'FORBIDDEN'],
      [status.NOT_FOUND, 404, 'NOT_FOUND'],
      [status.ALREADY_EXISTS, 409, 'ALREADY_EXISTS'],
      [status.ABORTED, 409, 'CONFLICT'],
      [status.FAILED_PRECONDITION, 422, 'ILLEGAL_STATE'],
      [status.RESOURCE_EXHAUSTED, 429, 'UNAVAILABLE'],
      [status.UNAVAILABLE, 503, 'UNAVAILABLE'],
      [status.DEADLINE_EXCEEDED, 504, 'UNAVAILABLE'],
    ];
    for (const [code, http, name] of expected)
      expect(httpOfGrpc(code), status[code]).toEqual({ http, code: name });
    expect(Object.keys(GRPC_TO_HTTP)).toHaveLength(expected.length - 1);
  });

  it('answers 502 INTERNAL for every other status: linkage failed, not the request', () => {
    for (const code of [
      status.UNKNOWN,
      status.INTERNAL,
      status.UNIMPLEMENTED,
      status.DATA_LOSS,
      status.CANCELLED,
      status.OUT_OF_RANGE,
    ]) {
      expect(httpOfGrpc(code), status[code]).toEqual({ http: 502, code: 'INTERNAL' });
    }
  });
});

describe('the field of a gRPC error', () => {
  it('names the field from the trailing metadata in the JSON names of the request', () => {
    const e = gatewayError(
      error(status.INVALID_ARGUMENT, 'page_size: must be at most 200', 'page_size'),
      input('ListCases'),
    );
    expect(e).toEqual({
      status: 400,
      body: { error: { code: 'VALIDATION', message: 'pageSize: must be at most 200', field: 'pageSize' } },
    });
  });

  it('follows nested and repeated messages: items.0.start_at is items.0.startAt', () => {
    expect(jsonFieldPath('items.0.start_at', input('Plan'))).toBe('items.0.startAt');
    expect(jsonFieldPath('case_id', input('Plan'))).toBe('caseId');
    // A name the request does not have is camel-cased all the same.
    expect(jsonFieldPath('some_thing.other_part', input('Plan'))).toBe('someThing.otherPart');
  });

  it("reads the field from INVALID_ARGUMENT's `field: reason` message when there is no metadata", () => {
    const e = gatewayError(
      error(status.INVALID_ARGUMENT, 'expected_version: must be 0 or a version'),
      input('Assess'),
    );
    expect(e.body.error).toMatchObject({
      field: 'expectedVersion',
      message: 'expectedVersion: must be 0 or a version',
    });
  });

  it('names no field for errors that are not about one', () => {
    expect(gatewayError(error(status.NOT_FOUND, 'case c-1 not found'), input('GetCase'))).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'case c-1 not found' } },
    });
    expect(
      gatewayError(error(status.INVALID_ARGUMENT, 'request: is invalid', 'request'), input('GetCase')).body
        .error.field,
    ).toBeUndefined();
  });
});
