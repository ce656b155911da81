import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { commandContext, newRecordId } from './commandContext.ts';

const req = (headers: Record<string, string>) =>
  ({
    id: 'req-1',
    headers,
    method: 'POST',
    url: '/v1/needs?x=1',
    routeOptions: { url: '/v1/needs' },
    principal: {
      subject: 'alice',
      roles: ['community_staff', 'street_admin'],
      scope: { level: 'city', code: '' },
    },
  }) as unknown as FastifyRequest;

describe("a request's command context", () => {
  it('carries who asked and why, If-Match and the Idempotency-Key', () => {
    const ctx = commandContext(req({ 'if-match': '"3"', 'idempotency-key': 'k-1' }));
    expect(ctx.metadata).toEqual({
      correlationId: 'req-1',
      actor: 'alice',
      roles: 'community_staff,street_admin',
      command: 'POST /v1/needs',
    });
    expect(ctx).toMatchObject({ expectedVersion: 3, idempotencyKey: 'k-1' });
    expect(ctx.now).toBeInstanceOf(Date);
  });

  it('leaves the headers out for a route that does not offer them, and refuses bad ones otherwise', () => {
    const ctx = commandContext(req({ 'if-match': 'nonsense', 'idempotency-key': 'k-1' }), { headers: false });
    expect(ctx.expectedVersion).toBeUndefined();
    expect(ctx.idempotencyKey).toBeUndefined();
    expect(() => commandContext(req({ 'if-match': 'nonsense' }))).toThrow(/headers.if-match/);
  });
});

describe("a new record's id", () => {
  const digest = createHash('sha256').update('alice|key-7').digest('hex');
  const keyed = { metadata: { actor: 'alice' }, idempotencyKey: 'key-7' };

  it('is derived from the caller and the key, so a repeat lands on the same record', () => {
    expect(newRecordId(keyed)).toBe(`k${digest.slice(0, 31)}`);
    expect(newRecordId(keyed)).toBe(newRecordId(keyed));
    expect(newRecordId({ ...keyed, metadata: { actor: 'bob' } })).not.toBe(newRecordId(keyed));
    expect(newRecordId(keyed, 't')).toBe(`t-${digest.slice(0, 32)}`);
  });

  it('is random without a key', () => {
    const unkeyed = { metadata: { actor: 'alice' } };
    expect(newRecordId(unkeyed)).not.toBe(newRecordId(unkeyed));
    expect(newRecordId(unkeyed, 't')).toMatch(/^t-[0-9a-f-]{36}$/);
  });
});
