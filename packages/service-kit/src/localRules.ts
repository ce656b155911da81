import { z } from 'zod';

/**
 * Where a district's local rules come from, as every rules answer shows it: the default (with the text it
 * follows) or the district's own version, set by whom and when. Shared by the services that keep local
 * rules (organization, volunteer).
 */
export const localRulesSource = z.looseObject({
  kind: z.enum(['default', 'district']),
  text: z.string().optional(),
  districtCode: z.string().optional(),
  version: z.number().optional(),
  setBy: z.string().optional(),
  setAt: z.string().optional(),
});
export type LocalRulesSource = z.infer<typeof localRulesSource>;
