import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';

const name = z.string().trim().min(1).max(100);
const district = z.string().regex(/^\d{6}$/);
const street = z.string().regex(/^\d{9}$/);
const community = z.string().regex(/^\d{12}$/);
const level = z.enum(['district', 'street', 'community']);

/** The tree's events, one stream per unit (`district-<code>`, `street-<code>`, `community-<code>`). */
export const treeEvents = [
  defineEvent({
    type: 'DistrictRegistered',
    version: 1,
    schema: z.strictObject({ districtCode: district, name }),
  }),
  defineEvent({
    type: 'StreetRegistered',
    version: 1,
    schema: z.strictObject({ districtCode: district, streetCode: street, name }),
  }),
  defineEvent({
    type: 'CommunityRegistered',
    version: 1,
    schema: z.strictObject({ districtCode: district, streetCode: street, communityCode: community, name }),
  }),
  defineEvent({
    type: 'UnitRenamed',
    version: 1,
    schema: z.strictObject({ level, code: z.string().regex(/^\d{6,12}$/), from: name, to: name }),
  }),
  defineEvent({
    type: 'CommunityMoved',
    version: 1,
    schema: z.strictObject({
      communityCode: community,
      districtCode: district,
      fromStreetCode: street,
      toStreetCode: street,
    }),
  }),
  defineEvent({
    type: 'CommunityMerged',
    description: 'The community is closed; its residents and records now belong to the survivor.',
    version: 1,
    schema: z.strictObject({ communityCode: community, survivorCode: community, streetCode: street }),
  }),
];

export type TreeEvent =
  | { type: 'DistrictRegistered'; payload: { districtCode: string; name: string } }
  | { type: 'StreetRegistered'; payload: { districtCode: string; streetCode: string; name: string } }
  | {
      type: 'CommunityRegistered';
      payload: { districtCode: string; streetCode: string; communityCode: string; name: string };
    }
  | {
      type: 'UnitRenamed';
      payload: { level: 'district' | 'street' | 'community'; code: string; from: string; to: string };
    }
  | {
      type: 'CommunityMoved';
      payload: { communityCode: string; districtCode: string; fromStreetCode: string; toStreetCode: string };
    }
  | { type: 'CommunityMerged'; payload: { communityCode: string; survivorCode: string; streetCode: string } };
