import type { Role } from '@fivesoc/service-kit';
import { startServiceUnderTest } from '@fivesoc/service-kit/testing';
import { service } from '../service.ts';

export interface Caller {
  roles: Role[];
  level: 'district' | 'street' | 'community';
  code: string;
  subject?: string;
}

export interface Reply {
  status: number;
  etag: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The real service in-process on a fresh database and topic, with a token maker and a fetch helper. */
export async function startHarness(label: string) {
  const t = await startServiceUnderTest(service, { label });
  const token = (c: Caller) => t.sign(c.roles, c, c.subject ?? 'u-1');
  const call = async (
    method: string,
    path: string,
    opts: {
      as?: Caller;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: string;
      contentType?: string;
    } = {},
  ): Promise<Reply> => {
    const { as, ...rest } = opts;
    const res = await t.request(method, path, { ...rest, ...(as ? { token: await token(as) } : {}) });
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- a test reads any answer
      body: res.text ? JSON.parse(res.text) : undefined,
    };
  };
  return { svc: t.svc, call, token, db: t.db, topic: t.topic, kafkaBrokers: t.kafkaBrokers, close: t.close };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Polls until `check` passes (projections are eventually consistent). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const districtAdmin: Caller = { roles: ['district_admin'], level: 'district', code: '330102' };
