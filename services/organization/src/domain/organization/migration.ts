import { IllegalStateError, ValidationError, assertCreditCode } from '@fivesoc/service-kit';
import { ev, type CommandOf } from './commands.ts';
import type { CreditRecord, OrganizationEvent } from './events.ts';
import type { OrganizationState } from './state.ts';
import { isDirectCategory } from './values.ts';

/** What a district's existing registry says about one organization (迁移: the record it had before fivesoc). */
export interface MigratedHistory {
  creditCode: string;
  category: Parameters<typeof isDirectCategory>[0];
  /** The business supervisor (业务主管单位) that pre-approved it; the supervised categories need one. */
  supervisor?: string;
  /** The registration date (登记日期), YYYY-MM-DD. */
  registeredOn: string;
  reports: { year: number; summary: string; filedOn: string }[];
  creditRecords: CreditRecord[];
}

const startOf = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/**
 * Refuses history that could not have happened (naming the field as the import line has it): a
 * registration or a report in the future, a report for a year before the registration or not yet
 * over, a report twice, a supervised category without its supervisor, a serious positive record.
 */
export function checkMigratedHistory(h: MigratedHistory, now: Date): void {
  assertCreditCode(h.creditCode, 'creditCode');
  const registered = startOf(h.registeredOn);
  if (registered > now.getTime()) throw new ValidationError('registeredOn', 'is in the future');
  if (!isDirectCategory(h.category) && !h.supervisor)
    throw new ValidationError(
      'supervisor',
      `category ${h.category} is registered with a business supervisor`,
    );
  const from = new Date(registered).getUTCFullYear();
  const seen = new Set<number>();
  h.reports.forEach((r, i) => {
    if (r.year < from || r.year >= now.getUTCFullYear())
      throw new ValidationError(`reports.${i}.year`, `must be from ${from} to ${now.getUTCFullYear() - 1}`);
    if (seen.has(r.year)) throw new ValidationError(`reports.${i}.year`, `${r.year} is reported twice`);
    seen.add(r.year);
    if (startOf(r.filedOn) < registered || startOf(r.filedOn) > now.getTime())
      throw new ValidationError(`reports.${i}.filedOn`, 'must be between the registration and today');
  });
  const ids = new Set<string>();
  h.creditRecords.forEach((c, i) => {
    if (ids.has(c.recordId)) throw new ValidationError(`creditRecords.${i}.recordId`, 'is used twice');
    ids.add(c.recordId);
    if (c.serious && c.polarity !== 'negative')
      throw new ValidationError(`creditRecords.${i}.serious`, 'only a negative record can be serious');
    if (startOf(c.date) > now.getTime())
      throw new ValidationError(`creditRecords.${i}.date`, 'is in the future');
  });
}

/**
 * An organization brought over from the district's registry: the ordinary events of its past, dated as
 * the registry has them (registration, pre-approval, annual reports, credit records), then
 * `OrganizationMigrated`. The lifecycle rules read those dates, so the next scheduler run applies every
 * step already due; an exit notice issued for that past still gives its full deadline from the migration.
 */
export function migrateOrganization(
  c: CommandOf<'migrateOrganization'>,
  s: OrganizationState,
  now: Date,
): OrganizationEvent[] {
  if (s.registration !== 'none')
    throw new IllegalStateError('this organization has already applied or filed');
  checkMigratedHistory(c.history, now);
  const { history: h } = c;
  const route = isDirectCategory(h.category) ? 'direct' : 'supervisor';
  const day = (date: string) => new Date(startOf(date)).toISOString();
  return [
    ev('ApplicationSubmitted', {
      organizationId: c.organizationId,
      name: c.name,
      category: h.category,
      kind: c.orgKind,
      field: c.field,
      place: c.place,
      creditCode: h.creditCode,
      legalRepresentative: c.legalRepresentative,
      route,
    }),
    ...(route === 'supervisor' ? [ev('SupervisorPreApproved', { supervisor: h.supervisor! })] : []),
    ev('RegistrationApproved', { at: day(h.registeredOn) }),
    ...[...h.reports]
      .sort((a, b) => a.filedOn.localeCompare(b.filedOn))
      .map((r) => ev('AnnualReportFiled', { year: r.year, summary: r.summary, at: day(r.filedOn) })),
    ...h.creditRecords.map((r) => ev('CreditRecordAdded', r)),
    ev('OrganizationMigrated', { at: now.toISOString() }),
  ];
}
