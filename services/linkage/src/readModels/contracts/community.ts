import { z } from 'zod';
import { communityCode, districtCode, id, streetCode, text } from './shared.ts';

const needPlace = { districtCode, streetCode, communityCode };
const category = z.string().min(1).max(60);
const urgency = z.enum(['low', 'normal', 'high', 'critical']);

/** community: `district-|street-|community-<code>` and `need-<id>` streams. */
export const communityContract = {
  DistrictRegistered: z.object({ districtCode, name: text }),
  StreetRegistered: z.object({ districtCode, streetCode, name: text }),
  CommunityRegistered: z.object({ districtCode, streetCode, communityCode, name: text }),
  UnitRenamed: z.object({ level: z.enum(['district', 'street', 'community']), code: id, to: text }),
  CommunityMoved: z.object({
    communityCode,
    districtCode,
    fromStreetCode: streetCode,
    toStreetCode: streetCode,
  }),
  CommunityMerged: z.object({ communityCode, survivorCode: communityCode, streetCode }),
  NeedReported: z.object({
    needId: id,
    ...needPlace,
    category,
    urgency,
    consent: z.object({ scope: z.array(z.string().max(60)).max(10) }).optional(),
  }),
  NeedUpdated: z.object({
    needId: id,
    ...needPlace,
    category: category.optional(),
    urgency: urgency.optional(),
  }),
  NeedWithdrawn: z.object({ needId: id, ...needPlace, reason: z.string().max(60) }),
};
