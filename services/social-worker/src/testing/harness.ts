import type { Role, RunningService } from '@fivesoc/service-kit';
import { startServiceUnderTest, until } from '@fivesoc/service-kit/testing';
import { service } from '../service.ts';
import type { SocialWorkerConfig } from '../config.ts';

export const DISTRICT = '330102';
export const STREET = '330102001';
export const OTHER_STREET = '330102002';

type Response = Awaited<ReturnType<RunningService['app']['inject']>>;

/** What the worker routes answer (the parts tests read). */
export interface WorkerJson {
  workerId: string;
  name?: string | null;
  phone?: string | null;
  status: string;
  maxCaseload: number;
  activeCaseIds: string[];
  activeCaseCount: number;
  availableCapacity: number;
  talentRecords: { kind: string; from: string; to?: string; organization: string }[];
  error?: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export interface Harness {
  svc: RunningService<SocialWorkerConfig>;
  topic: string;
  token(
    roles: Role[],
    scope?: { level: 'district' | 'street' | 'community'; code: string },
    subject?: string,
  ): Promise<string>;
  /** app.inject with a bearer token and a JSON body. */
  call(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The whole service in-process on the real stack, with a fresh database, topic and keys. */
export async function startHarness(): Promise<Harness> {
  const t = await startServiceUnderTest(service, { label: 'sw' });
  const { svc } = t;
  return {
    svc,
    topic: t.topic,
    token: (roles, scope = { level: 'district', code: DISTRICT }, subject = 'admin-1') =>
      t.sign(roles, scope, subject),
    call: async (method, url, token, body, headers = {}) =>
      svc.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    close: t.close,
  };
}

let seq = 0;
/** A valid registration body on STREET with a unique worker id and certificate number. */
export function registration(overrides: Record<string, unknown> = {}) {
  seq++;
  const n = `${Date.now() % 1_000_000}${seq}`.padStart(8, '0');
  return {
    workerId: `w-${n}`,
    name: '张三',
    phone: '13800138000',
    qualificationLevel: 'social_worker',
    certificateNumber: `ZJ${n}`,
    specialties: ['elderly', 'family'],
    employerId: 'org-1',
    districtCode: DISTRICT,
    streetCode: STREET,
    stationCode: `${STREET}-1`,
    coveredCommunityCodes: [`${STREET}001`, `${STREET}002`],
    maxCaseload: 3,
    ...overrides,
  };
}

export { until };
