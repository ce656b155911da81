import type { Decider } from '@fivesoc/eventing';
import { IllegalStateError, type Sealed } from '@fivesoc/service-kit';
import { assertCreditCode } from './creditCode.ts';
import { ratingOf } from './evaluation.ts';
import type { CreditRecord, OrganizationEvent } from './events.ts';
import { dueTransitions, overdueYears, type LifecycleConfig } from './lifecycle.ts';
import { evolve, initialState, type OrganizationState } from './state.ts';
import { isDirectCategory, type Category, type IndicatorScores, type OrgPlace } from './values.ts';

export type OrganizationCommand =
  | {
      kind: 'submitApplication';
      organizationId: string;
      name: string;
      category: Category;
      orgKind: 'social_group' | 'social_service_agency' | 'foundation';
      field: OrganizationState['field'] & string;
      place: OrgPlace;
      creditCode: string;
      legalRepresentative: Sealed;
    }
  | { kind: 'preApprove'; supervisor: string }
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | { kind: 'fileCommunityOrganization'; organizationId: string; name: string; field: string; place: OrgPlace; legalRepresentative: Sealed }
  | { kind: 'addCreditRecord'; record: CreditRecord }
  | { kind: 'fileAnnualReport'; year: number; summary: string }
  | { kind: 'applyDueTransitions'; config: LifecycleConfig }
  | { kind: 'recordEvaluation'; round: string; scores: IndicatorScores; evaluator: string; validYears: number };

type Event<T extends OrganizationEvent['type']> = Extract<OrganizationEvent, { type: T }>;
const ev = <T extends OrganizationEvent['type']>(type: T, payload: Event<T>['payload']) =>
  ({ type, payload }) as Event<T>;

const live = (s: OrganizationState) => s.registration === 'registered' || s.registration === 'filed';

function requireLive(s: OrganizationState) {
  if (!live(s)) throw new IllegalStateError(`the organization is not registered (${s.registration})`);
  if (s.activity === 'exited') throw new IllegalStateError('the organization has exited');
}

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState,
  evolve,
  decide(c, s, ctx) {
    const now = ctx.now.toISOString();
    switch (c.kind) {
      case 'submitApplication': {
        if (s.registration !== 'none') throw new IllegalStateError('this organization has already applied or filed');
        assertCreditCode(c.creditCode);
        const { organizationId, name, category, field, place, creditCode, legalRepresentative } = c;
        const route = isDirectCategory(category) ? 'direct' : 'supervisor';
        return [ev('ApplicationSubmitted', { organizationId, name, category, kind: c.orgKind, field: field as never, place, creditCode, legalRepresentative, route })];
      }
      case 'preApprove':
        if (s.registration !== 'applied') throw new IllegalStateError(`nothing to pre-approve (${s.registration})`);
        if (s.route !== 'supervisor')
          throw new IllegalStateError(`category ${s.category} is registered directly, without pre-approval`);
        return [ev('SupervisorPreApproved', { supervisor: c.supervisor })];
      case 'approve':
        if (s.registration === 'applied' && s.route === 'supervisor')
          throw new IllegalStateError('the business supervisor must pre-approve this category first');
        if (s.registration !== 'applied' && s.registration !== 'pre_approved')
          throw new IllegalStateError(`nothing to approve (${s.registration})`);
        return [ev('RegistrationApproved', { at: now })];
      case 'reject':
        if (s.registration !== 'applied' && s.registration !== 'pre_approved')
          throw new IllegalStateError(`nothing to reject (${s.registration})`);
        return [ev('RegistrationRejected', { reason: c.reason })];
      case 'fileCommunityOrganization': {
        if (s.registration !== 'none') throw new IllegalStateError('this organization has already applied or filed');
        const { organizationId, name, field, place, legalRepresentative } = c;
        return [ev('CommunityOrganizationFiled', { organizationId, name, field: field as never, place, legalRepresentative, at: now })];
      }
      case 'addCreditRecord':
        if (s.registration === 'none') throw new IllegalStateError('no such organization');
        if (c.record.serious && c.record.polarity !== 'negative')
          throw new IllegalStateError('only a negative record can be a serious violation');
        return [ev('CreditRecordAdded', c.record)];
      case 'fileAnnualReport': {
        requireLive(s);
        if (s.reports.some((r) => r.year === c.year)) throw new IllegalStateError(`the ${c.year} report is already filed`);
        if (c.year >= ctx.now.getUTCFullYear()) throw new IllegalStateError(`the ${c.year} report can be filed from ${c.year + 1}`);
        const filed = ev('AnnualReportFiled', { year: c.year, summary: c.summary, at: now });
        const after = evolve(s, filed);
        // Recovery: reporting before the deadline takes the organization off the list, once nothing is overdue.
        const recovers = s.activity !== 'normal' && overdueYears(after, ctx.now).length === 0;
        return recovers ? [filed, ev('ActivityRestored', { at: now })] : [filed];
      }
      case 'applyDueTransitions':
        return dueTransitions(s, ctx.now, c.config);
      case 'recordEvaluation': {
        requireLive(s);
        const until = new Date(ctx.now);
        until.setUTCFullYear(until.getUTCFullYear() + c.validYears);
        return [
          ev('EvaluationRecorded', {
            round: c.round,
            scores: c.scores,
            rating: ratingOf(c.scores),
            evaluator: c.evaluator,
            validFrom: now,
            validUntil: until.toISOString(),
          }),
        ];
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
};
