import type { EventEnvelope } from '@fivesoc/eventing';
import type { NeedDoc, ReadModelCollections, TreeUnitDoc } from '../collections.ts';
import { communityContract as c } from '../contracts/community.ts';
import { payloadOf } from '../contracts/shared.ts';
import { fold, type Fields, type Handlers } from './apply.ts';

type Unit = Fields<TreeUnitDoc>;
type Need = Fields<NeedDoc>;

const unit = (u: Omit<Unit, 'status' | 'mergedInto'>): Unit => ({ ...u, status: 'open', mergedInto: null });

/** The community tree (district → street → community) and the needs, without any personal data. */
export function communityHandlers(m: ReadModelCollections): Handlers {
  const tree = (e: EventEnvelope, step: (u: Unit | null) => Unit | null) => fold(m.treeUnits, e, step);
  const need = (e: EventEnvelope, step: (n: Need | null) => Need | null) => fold(m.needs, e, step);
  return {
    DistrictRegistered: (e) => {
      const p = payloadOf(c.DistrictRegistered, e);
      return tree(e, () =>
        unit({
          level: 'district',
          code: p.districtCode,
          name: p.name,
          parentCode: null,
          districtCode: p.districtCode,
          streetCode: null,
          communityCode: null,
        }),
      );
    },
    StreetRegistered: (e) => {
      const p = payloadOf(c.StreetRegistered, e);
      return tree(e, () =>
        unit({
          level: 'street',
          code: p.streetCode,
          name: p.name,
          parentCode: p.districtCode,
          districtCode: p.districtCode,
          streetCode: p.streetCode,
          communityCode: null,
        }),
      );
    },
    CommunityRegistered: (e) => {
      const p = payloadOf(c.CommunityRegistered, e);
      return tree(e, () =>
        unit({
          level: 'community',
          code: p.communityCode,
          name: p.name,
          parentCode: p.streetCode,
          districtCode: p.districtCode,
          streetCode: p.streetCode,
          communityCode: p.communityCode,
        }),
      );
    },
    UnitRenamed: (e) => {
      const p = payloadOf(c.UnitRenamed, e);
      return tree(e, (u) => u && { ...u, name: p.to });
    },
    CommunityMoved: (e) => {
      const p = payloadOf(c.CommunityMoved, e);
      return tree(e, (u) => u && { ...u, parentCode: p.toStreetCode, streetCode: p.toStreetCode });
    },
    CommunityMerged: (e) => {
      const p = payloadOf(c.CommunityMerged, e);
      return tree(e, (u) => u && { ...u, status: 'merged', mergedInto: p.survivorCode });
    },
    NeedReported: (e) => {
      const p = payloadOf(c.NeedReported, e);
      return need(e, () => ({
        needId: p.needId,
        districtCode: p.districtCode,
        streetCode: p.streetCode,
        communityCode: p.communityCode,
        category: p.category,
        urgency: p.urgency,
        status: 'open',
        consentScope: p.consent?.scope ?? [],
        reportedAt: e.occurredAt,
        updatedAt: e.occurredAt,
      }));
    },
    NeedUpdated: (e) => {
      const p = payloadOf(c.NeedUpdated, e);
      return need(
        e,
        (n) =>
          n && {
            ...n,
            districtCode: p.districtCode,
            streetCode: p.streetCode,
            communityCode: p.communityCode,
            category: p.category ?? n.category,
            urgency: p.urgency ?? n.urgency,
            updatedAt: e.occurredAt,
          },
      );
    },
    NeedWithdrawn: (e) => {
      payloadOf(c.NeedWithdrawn, e);
      return need(e, (n) => n && { ...n, status: 'withdrawn', updatedAt: e.occurredAt });
    },
  };
}
