import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractDocuments } from './contracts.ts';
import { ROOT } from './processes.ts';

describe('published topic contracts', () => {
  it('are current: docs/contracts matches the event schemas in the code (run ./fivesoc contracts)', async () => {
    for (const [file, text] of Object.entries(await contractDocuments())) {
      expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });
});
