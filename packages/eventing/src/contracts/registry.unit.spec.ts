import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '@fivesoc/service-kit';
import { sampleRegistry } from '../testing/sampleDomain.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { createEventRegistry, defineEvent } from './registry.ts';

describe('event contracts', () => {
  it('validates a payload and names the offending field', () => {
    expect(sampleRegistry.validate('Incremented', 2, { by: 3, reason: 'x' })).toEqual({ by: 3, reason: 'x' });
    const err = (() => {
      try {
        sampleRegistry.validate('Incremented', 2, { by: 'three', reason: 'x' });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err?.field).toBe('payload.by');
    expect(() => sampleRegistry.validate('Incremented', 2, { by: 1, reason: 'x', extra: 1 })).toThrow(
      /payload.extra/,
    );
  });

  it('reads an old version as the current one through the upcaster chain', () => {
    expect(sampleRegistry.upcast('Incremented', 1, { by: 2 })).toEqual({
      version: 2,
      payload: { by: 2, reason: 'unspecified' },
    });
    expect(sampleRegistry.currentVersion('Incremented')).toBe(2);
  });

  it('refuses unknown types and versions', () => {
    expect(() => sampleRegistry.validate('Nope', 1, {})).toThrow(/unknown event type/);
    expect(() => sampleRegistry.validate('Incremented', 3, {})).toThrow(/no schema version 3/);
  });

  it('refuses a registry with a version gap or a missing upcaster', () => {
    const s = z.object({});
    expect(() => createEventRegistry([defineEvent({ type: 'A', version: 2, schema: s })])).toThrow(
      /versions must run/,
    );
    expect(() =>
      createEventRegistry([
        defineEvent({ type: 'A', version: 1, schema: s }),
        defineEvent({ type: 'A', version: 2, schema: s }),
      ]),
    ).toThrow(/needs an upcast/);
  });

  it('exports the topic contract as AsyncAPI 3 with a JSON Schema per event version', () => {
    const doc = asyncApiDocument({
      service: 'tally',
      topic: 'fivesoc.tally.events',
      version: '1.0.0',
      registry: sampleRegistry,
    });
    expect(doc.asyncapi).toBe('3.0.0');
    const messages = (
      doc.components as { messages: Record<string, { payload: { properties: Record<string, unknown> } }> }
    ).messages;
    expect(Object.keys(messages).sort()).toEqual(['Incremented.v1', 'Incremented.v2', 'TallyOpened.v1']);
    expect(messages['Incremented.v2']!.payload.properties.payload).toMatchObject({
      type: 'object',
      required: ['by', 'reason'],
      additionalProperties: false,
    });
    expect((doc.channels as Record<string, { address: string }>).tally!.address).toBe('fivesoc.tally.events');
  });
});
