import { randomInt } from 'node:crypto';
import type { Role } from '@fivesoc/service-kit';
import { startServiceUnderTest, until } from '@fivesoc/service-kit/testing';
import { service } from '../service.ts';

/** A valid resident ID number (GB 11643 check character), different each call. */
export function residentId(): string {
  const body = `110105${1950 + randomInt(50)}0101${String(randomInt(1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export const place = { districtCode: 'd1', streetCode: 's1', communityCode: 'c1' };
export const profile = {
  skills: ['elder_care', 'it_support'],
  languages: ['zh', 'en'],
  availability: [{ weekday: 6, start: '09:00', end: '12:00' }],
  place,
  serviceRadiusKm: 3,
  maxHoursPerWeek: 10,
};

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

/** The volunteer service in-process against the real stack, with a fresh database and topic. */
export async function startVolunteerService(env: Record<string, string> = {}) {
  const t = await startServiceUnderTest(service, { label: 'vol', env, createOwnTopic: false });
  const token = (
    subject: string,
    roles: Role[],
    scopeLevel: 'district' | 'street' | 'community' = 'community',
    scopeCode = 'c1',
  ) => t.sign(roles, { level: scopeLevel, code: scopeCode }, subject);
  const call = async (
    method: string,
    path: string,
    tok?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const {
      status,
      headers: answered,
      text,
    } = await t.request(method, path, {
      ...(tok ? { token: tok } : {}),
      body,
      headers,
    });
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (the certificate)
    }
    return { status, headers: answered, body: parsed, text };
  };
  const staff = await token('staff-1', ['community_staff']);
  const register = async (extra: Record<string, unknown> = {}) => {
    const r = await call('POST', '/v1/volunteers', staff, {
      name: '张三',
      phone: '13800000000',
      idNumber: residentId(),
      ...profile,
      ...extra,
    });
    if (r.status !== 201) throw new Error(`registration failed: ${r.text}`);
    return r.body.id as string;
  };
  return { svc: t.svc, db: t.svc.ctx.db, topic: t.topic, token, call, staff, register, close: t.close };
}

export { until };
