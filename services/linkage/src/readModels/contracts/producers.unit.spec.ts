/**
 * Consumer-driven contract test: payloads generated from each society's own current event schemas (read
 * through its one door, `@fivesoc/<society>/contract`) must pass linkage's tolerant readers, and every type
 * linkage reads must still be published. A producer that renames a type, drops or narrows a field linkage
 * reads, or widens one past what linkage accepts fails this build, not linkage in production.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { EventRegistry } from '@fivesoc/eventing';
import { sampleFor } from '@fivesoc/test-support';
import { eventRegistry as charity } from '@fivesoc/charity/contract';
import { eventRegistry as community } from '@fivesoc/community/contract';
import { eventRegistry as organization } from '@fivesoc/organization/contract';
import { eventRegistry as socialWorker } from '@fivesoc/social-worker/contract';
import { eventRegistry as volunteer } from '@fivesoc/volunteer/contract';
import { charityContract } from './charity.ts';
import { communityContract } from './community.ts';
import { organizationContract } from './organization.ts';
import { socialWorkerContract } from './socialWorker.ts';
import { volunteerContract } from './volunteer.ts';

const SOCIETIES: [string, EventRegistry, Record<string, z.ZodType>][] = [
  ['community', community, communityContract],
  ['social-worker', socialWorker, socialWorkerContract],
  ['volunteer', volunteer, volunteerContract],
  ['organization', organization, organizationContract],
  ['charity', charity, charityContract],
];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/**
 * Place codes as the district's tree gives them. volunteer's event schemas take any short string as a code
 * (its specs use `c1`) where linkage reads 6, 9 and 12 digits: a known gap, noted on issue 16, so the codes
 * are given here and everything else is generated.
 */
const PLACE = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };

const current = (registry: EventRegistry, type: string) =>
  registry.contracts.filter((c) => c.type === type).sort((a, b) => b.version - a.version)[0]!.schema;

describe("linkage reads what each society publishes (consumer-driven, from the producers' schemas)", () => {
  for (const [society, registry, reader] of SOCIETIES) {
    it(`${society}: publishes every event type linkage reads`, () => {
      const missing = Object.keys(reader).filter((type) => !registry.has(type));
      expect(missing).toEqual([]);
    });

    it(`${society}: every payload its schemas allow passes linkage's reader (required fields only, and all)`, () => {
      const refused: string[] = [];
      for (const [type, schema] of Object.entries(reader)) {
        if (!registry.has(type)) continue;
        let sampled = 0;
        for (const seed of SEEDS)
          for (const all of [false, true]) {
            // A seed whose random values miss a refinement of the producer's (a start after its end) gives none.
            const payload = sampleFor(current(registry, type), PLACE, { all, seed });
            if (payload === undefined) continue;
            sampled++;
            const r = schema.safeParse(payload);
            if (!r.success)
              refused.push(
                `${type} (seed ${seed}${all ? ', all fields' : ''}): ${r.error.issues
                  .map((i) => `payload.${i.path.join('.')} ${i.message}`)
                  .join('; ')} — ${JSON.stringify(payload)}`,
              );
          }
        if (sampled < SEEDS.length) refused.push(`${type}: the producer's schema gave ${sampled} samples`);
      }
      expect(refused).toEqual([]);
    });
  }
});
