import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './auth.ts';
import { commandHeaders, etagOf } from './http-commands.ts';
import { afterCursor, decodeCursor, page } from './paging.ts';
import { inScope, scopeFilter } from './scope.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
const who = (level: Principal['scope']['level'], code: string): Principal => ({
  subject: 's',
  roles: ['community_staff'],
  scope: { level, code },
});

describe('command headers', () => {
  it('reads If-Match in its usual forms and an Idempotency-Key', () => {
    expect(commandHeaders(req({ 'if-match': '"3"', 'idempotency-key': 'abc-1' }))).toEqual({
      expectedVersion: 3,
      idempotencyKey: 'abc-1',
    });
    expect(commandHeaders(req({ 'if-match': 'W/"12"' }))).toEqual({ expectedVersion: 12 });
    expect(commandHeaders(req({ 'if-match': '7' }))).toEqual({ expectedVersion: 7 });
    expect(etagOf(4)).toBe('"4"');
  });

  it('refuses malformed headers, naming them', () => {
    expect(() => commandHeaders(req({ 'if-match': '"abc"' }))).toThrow(/headers.if-match/);
    expect(() => commandHeaders(req({ 'idempotency-key': 'has space' }))).toThrow(/headers.idempotency-key/);
  });
});

describe('data scope', () => {
  const place = { districtCode: '330100', streetCode: '330102', communityCode: '330102001' };
  it('lets each level see its own part of the tree and nothing else', () => {
    expect(inScope(who('district', '330100'), place)).toBe(true);
    expect(inScope(who('street', '330102'), place)).toBe(true);
    expect(inScope(who('street', '330103'), place)).toBe(false);
    expect(inScope(who('community', '330102001'), place)).toBe(true);
    expect(inScope(who('community', '330102002'), place)).toBe(false);
    expect(scopeFilter(who('community', '330102001'))).toEqual({ communityCode: '330102001' });
  });
});

describe('stable cursors', () => {
  it('round-trips a cursor and refuses one it did not give out', () => {
    const rows = [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 },
    ];
    const p = page(rows, 2, (r) => r.n);
    expect(p.items).toHaveLength(2);
    const c = decodeCursor(p.nextCursor);
    expect(c).toEqual({ sort: 2, id: 'b' });
    expect(afterCursor('n', c)).toEqual({ $or: [{ n: { $gt: 2 } }, { n: 2, _id: { $gt: 'b' } }] });
    expect(() => decodeCursor('garbage!')).toThrow(/query.cursor/);
  });
});
