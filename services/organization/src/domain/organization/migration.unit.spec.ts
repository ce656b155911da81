import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import type { OrganizationCommand } from './commands.ts';
import { organizationDecider } from './decider.ts';
import type { OrganizationEvent } from './events.ts';
import { place, sealed } from './fixtures.ts';
import { defaultLifecycle, dueTransitions } from './lifecycle.ts';
import { evolve, initialState } from './state.ts';

const now = new Date('2026-12-01T08:00:00.000Z');
const spec = deciderSpec(organizationDecider, { now });
const code = '91350100M000100Y43';
const migrate = (
  history: Partial<Extract<OrganizationCommand, { kind: 'migrateOrganization' }>['history']> = {},
) =>
  ({
    kind: 'migrateOrganization',
    organizationId: code,
    name: 'Old Town Elderly Care',
    orgKind: 'social_service_agency',
    field: 'elderly',
    place,
    legalRepresentative: sealed,
    history: {
      creditCode: code,
      category: 'education',
      supervisor: 'District Education Bureau',
      registeredOn: '2018-04-02',
      reports: [
        { year: 2022, summary: 'classes held', filedOn: '2023-05-10' },
        { year: 2018, summary: 'first year', filedOn: '2019-05-10' },
      ],
      creditRecords: [],
      ...history,
    },
  }) satisfies OrganizationCommand;

describe('migrating an organization from the district registry', () => {
  it('writes its past as the ordinary events, dated as the registry has them, then marks it migrated', () => {
    spec
      .given([])
      .when(migrate())
      .then([
        expect.objectContaining({ type: 'ApplicationSubmitted' }),
        { type: 'SupervisorPreApproved', payload: { supervisor: 'District Education Bureau' } },
        { type: 'RegistrationApproved', payload: { at: '2018-04-02T00:00:00.000Z' } },
        {
          type: 'AnnualReportFiled',
          payload: { year: 2018, summary: 'first year', at: '2019-05-10T00:00:00.000Z' },
        },
        {
          type: 'AnnualReportFiled',
          payload: { year: 2022, summary: 'classes held', at: '2023-05-10T00:00:00.000Z' },
        },
        { type: 'OrganizationMigrated', payload: { at: now.toISOString() } },
      ] as OrganizationEvent[]);
  });

  it('refuses history that could not have happened, naming the field', () => {
    spec
      .given([])
      .when(migrate({ supervisor: undefined }))
      .thenThrows(/supervisor: /);
    spec
      .given([])
      .when(migrate({ reports: [{ year: 2017, summary: 's', filedOn: '2019-01-01' }] }))
      .thenThrows(/reports\.0\.year: must be from 2018/);
    spec
      .given([])
      .when(migrate({ reports: [{ year: 2026, summary: 's', filedOn: '2026-01-01' }] }))
      .thenThrows(/reports\.0\.year/);
    spec
      .given([])
      .when(migrate({ registeredOn: '2027-01-01' }))
      .thenThrows(/registeredOn: is in the future/);
    spec
      .given([])
      .when(
        migrate({
          creditRecords: [
            {
              recordId: 'c1',
              polarity: 'positive',
              serious: true,
              source: 'old registry',
              date: '2020-01-01',
              description: 'award',
            },
          ],
        }),
      )
      .thenThrows(/creditRecords\.0\.serious/);
  });

  it('refuses an organization that is already there', () => {
    const events = organizationDecider.decide(migrate(), initialState(), { now });
    spec
      .given(events)
      .when(migrate())
      .thenThrows(/already applied or filed/);
  });

  it('puts one whose reports stopped after 2022 through abnormal, zombie and exit notice at once, each dated when due, the exit waiting its full deadline from the migration', () => {
    const reports = [2018, 2019, 2020, 2021, 2022].map((year) => ({
      year,
      summary: 'services delivered',
      filedOn: `${year + 1}-05-10`,
    }));
    const state = organizationDecider
      .decide(migrate({ reports }), initialState(), { now })
      .reduce(evolve, initialState());
    expect(dueTransitions(state, now, defaultLifecycle)).toEqual([
      {
        type: 'MarkedAbnormal',
        payload: { at: '2024-07-01T00:00:00.000Z', reason: 'missed_report', year: 2023 },
      },
      { type: 'FlaggedZombie', payload: { at: '2024-12-28T00:00:00.000Z' } },
      {
        type: 'ExitNoticeIssued',
        payload: { at: '2025-01-27T00:00:00.000Z', deadline: '2027-03-01T08:00:00.000Z' },
      },
    ]);
    const later = new Date('2027-03-01T08:00:00.000Z');
    const noticed = dueTransitions(state, now, defaultLifecycle).reduce(evolve, state);
    expect(dueTransitions(noticed, later, defaultLifecycle)).toEqual([
      { type: 'OrganizationExited', payload: { at: later.toISOString() } },
    ]);
  });

  it('dates the first missed report of a gap, not the last', () => {
    const state = organizationDecider
      .decide(migrate(), initialState(), { now })
      .reduce(evolve, initialState());
    expect(dueTransitions(state, now, defaultLifecycle)[0]).toEqual({
      type: 'MarkedAbnormal',
      payload: { at: '2020-07-01T00:00:00.000Z', reason: 'missed_report', year: 2019 },
    });
  });
});
