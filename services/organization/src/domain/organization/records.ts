import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import { ev, type CommandOf } from './commands.ts';
import { ratingOf } from './evaluation.ts';
import type { OrganizationEvent } from './events.ts';
import { overdueYears } from './lifecycle.ts';
import { evolve, type OrganizationState } from './state.ts';

function requireLive(s: OrganizationState) {
  if (s.registration !== 'registered' && s.registration !== 'filed')
    throw new IllegalStateError(`the organization is not registered (${s.registration})`);
  if (s.activity === 'exited') throw new IllegalStateError('the organization has exited');
}

export function addCreditRecord(c: CommandOf<'addCreditRecord'>, s: OrganizationState): OrganizationEvent[] {
  if (s.registration === 'none') throw new IllegalStateError('no such organization');
  if (c.record.serious && c.record.polarity !== 'negative')
    throw new IllegalStateError('only a negative record can be a serious violation');
  return [ev('CreditRecordAdded', c.record)];
}

export function revokeCreditRecord(
  c: CommandOf<'revokeCreditRecord'>,
  s: OrganizationState,
): OrganizationEvent[] {
  const record = s.credit.find((r) => r.recordId === c.recordId);
  if (!record) throw new NotFoundError('credit record', c.recordId);
  if (record.revokedReason !== undefined) throw new IllegalStateError('the record is already revoked');
  return [ev('CreditRecordRevoked', { recordId: c.recordId, reason: c.reason })];
}

/** A report for a past year; once nothing is overdue it takes an organization off the list (recovery). */
export function fileAnnualReport(
  c: CommandOf<'fileAnnualReport'>,
  s: OrganizationState,
  now: Date,
): OrganizationEvent[] {
  requireLive(s);
  if (s.reports.some((r) => r.year === c.year))
    throw new IllegalStateError(`the ${c.year} report is already filed`);
  if (s.activity === 'exit_notice' && s.exitDeadline && now.toISOString() >= s.exitDeadline)
    throw new IllegalStateError(`the exit deadline ${s.exitDeadline} has passed`);
  if (c.year >= now.getUTCFullYear())
    throw new IllegalStateError(`the ${c.year} report can be filed from ${c.year + 1}`);
  const filed = ev('AnnualReportFiled', { year: c.year, summary: c.summary, at: now.toISOString() });
  const recovers = s.activity !== 'normal' && overdueYears(evolve(s, filed), now).length === 0;
  return recovers ? [filed, ev('ActivityRestored', { at: now.toISOString() })] : [filed];
}

export function recordEvaluation(
  c: CommandOf<'recordEvaluation'>,
  s: OrganizationState,
  now: Date,
): OrganizationEvent[] {
  requireLive(s);
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + c.validYears);
  const { round, scores, evaluator, bands } = c;
  return [
    ev('EvaluationRecorded', {
      round,
      scores,
      rating: ratingOf(scores, bands),
      evaluator,
      validFrom: now.toISOString(),
      validUntil: until.toISOString(),
    }),
  ];
}

export function designateHub(c: CommandOf<'designateHub'>, s: OrganizationState): OrganizationEvent[] {
  if (s.registration !== 'registered')
    throw new IllegalStateError('only a registered organization can be a hub');
  if (s.activity !== 'normal')
    throw new IllegalStateError(`an organization that is ${s.activity} cannot be a hub`);
  if (s.hub) throw new IllegalStateError('the organization is already a hub');
  return [ev('HubDesignated', { by: c.by })];
}
