import { topKWorkers, type WorkerCandidate } from '@fivesoc/matching';
import type { ReadModelCollections } from '../../readModels/collections.ts';
import type { CaseState } from '../domain/state.ts';

/** Which worker specialties (社工专业方向) serve a need category (需求类别); absent: any specialty. */
const SPECIALTIES_FOR: Record<string, readonly string[]> = {
  elder_care: ['elderly'],
  child_care: ['children', 'family'],
  disability: ['disability'],
  poverty_relief: ['family', 'community_development'],
  mental_health: ['mental_health'],
  health: ['medical'],
  education: ['school', 'children'],
  property_management: ['community_development'],
  culture_sports: ['community_development'],
};
const ANY = [
  'elderly',
  'children',
  'disability',
  'mental_health',
  'community_development',
  'correction',
  'family',
  'medical',
  'school',
  'other',
];

/**
 * The workers to ask for a case, best first: active, below their caseload, covering the case's community
 * (or working on its street), with a specialty that fits the need when one does; else any specialty.
 */
export async function rankWorkers(m: ReadModelCollections, s: CaseState, k = 5): Promise<string[]> {
  const docs = await m.workers
    .find({ status: 'active', streetCode: s.place.streetCode })
    .limit(2000)
    .toArray();
  const more = await m.workers
    .find({ status: 'active', coveredCommunityCodes: s.place.communityCode })
    .limit(2000)
    .toArray();
  const byId = new Map([...docs, ...more].map((d) => [d.workerId, d]));
  const all: WorkerCandidate[] = [...byId.values()].map((d) => ({
    id: d.workerId,
    specialties: d.specialties,
    coveredCommunities: d.coveredCommunityCodes,
    streetCode: d.streetCode ?? '',
    activeCases: d.activeCases,
    maxCaseload: d.maxCaseload,
    status: d.status,
  }));
  const item = (skills: readonly string[]) => ({
    id: 'worker',
    kind: 'volunteer_task' as const,
    requiredSkills: skills,
    place: s.place,
  });
  const fit = topKWorkers(item(SPECIALTIES_FOR[s.category] ?? ANY), all, k);
  const ranked = fit.length > 0 ? fit : topKWorkers(item(ANY), all, k);
  return ranked.map((r) => r.id);
}
