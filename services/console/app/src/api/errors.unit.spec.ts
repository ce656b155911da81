import { describe, expect, it } from 'vitest';
import { apiErrorOf, fieldPath, reasonOf } from './errors.ts';

describe('API errors on form fields', () => {
  it('maps a society field to the form name path', () => {
    expect(fieldPath('body.person.name')).toEqual(['person', 'name']);
    expect(fieldPath('body.people[0].phone')).toEqual(['people', 0, 'phone']);
    expect(fieldPath('body.consent.at')).toEqual(['consent', 'at']);
  });

  it("maps linkage's proto field names to the form's lowerCamelCase", () => {
    expect(fieldPath('items.1.quantity')).toEqual(['items', 1, 'quantity']);
    expect(fieldPath('risk_level')).toEqual(['riskLevel']);
    expect(fieldPath('items.0.start_at')).toEqual(['items', 0, 'startAt']);
  });

  it('names no field when there is none', () => {
    expect(fieldPath(undefined)).toBeUndefined();
    expect(fieldPath('body')).toBeUndefined();
  });

  it('reads the error body and keeps the words after the field', () => {
    const e = apiErrorOf(400, {
      error: {
        code: 'VALIDATION',
        message: 'items.1.quantity: an organization item has quantity 1',
        field: 'items.1.quantity',
      },
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe('items.1.quantity');
    expect(reasonOf(e)).toBe('an organization item has quantity 1');
  });

  it('turns an answer without an error body into a plain error by status', () => {
    expect(apiErrorOf(502, 'oops').code).toBe('UNAVAILABLE');
    expect(apiErrorOf(404, null).code).toBe('INTERNAL');
  });
});
