import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import {
  freePort,
  infraEnv,
  readyz,
  startServiceProcess,
  testKeys,
  waitFor,
  type Keys,
  type Proc,
} from './processes.ts';

let keys: Keys;
const started: Proc[] = [];
beforeAll(async () => {
  keys = await testKeys();
});
afterAll(() => {
  for (const p of started) p.child.kill('SIGKILL');
});

describe('a service process', () => {
  it('stops at start with one line naming a missing or malformed setting', async () => {
    const env = { ...infraEnv(useInfra(), keys), HTTP_PORT: String(await freePort()) };
    for (const [name, value] of [
      ['KAFKA_BROKERS', ''],
      ['HTTP_PORT', 'abc'],
      ['MONGODB_URL', 'postgres://x'],
    ] as const) {
      const p = startServiceProcess('volunteer', { ...env, [name]: value });
      started.push(p);
      expect(await p.exited).toBe(78);
      const lines = p.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^volunteer: invalid configuration: ${name} `));
    }
  });

  it('answers /readyz 200 with its own database and topic against the real stack', async () => {
    const port = await freePort();
    const p = startServiceProcess('charity', {
      ...infraEnv(useInfra(), keys),
      HTTP_PORT: String(port),
      MONGODB_DB: 'fivesoc_charity_e2e',
    });
    started.push(p);
    const url = `http://127.0.0.1:${port}`;
    await waitFor('charity ready', () => readyz(url));
    const info = await fetch(`${url}/v1/service`, {
      headers: { authorization: `Bearer ${await keys.token(['ops'])}` },
    });
    expect(await info.json()).toMatchObject({
      service: 'charity',
      database: 'fivesoc_charity_e2e',
      topic: 'fivesoc.charity.events',
    });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('ends cleanly on SIGTERM under load: exit 0, and every answered request is complete', async () => {
    const port = await freePort();
    const p = startServiceProcess('community', { ...infraEnv(useInfra(), keys), HTTP_PORT: String(port) });
    started.push(p);
    const url = `http://127.0.0.1:${port}`;
    await waitFor('community ready', () => readyz(url));
    const auth = { authorization: `Bearer ${await keys.token(['community_staff'])}` };

    // Eight clients loop until the server goes away (bounded: at most 5 s or 4,000 requests in all).
    let sent = 0;
    const statuses: number[] = [];
    let refused = 0;
    const deadline = Date.now() + 5000;
    const client = async () => {
      while (Date.now() < deadline && sent < 4000) {
        sent++;
        try {
          const res = await fetch(`${url}/v1/whoami`, { headers: auth });
          const body = (await res.json()) as { subject?: string };
          statuses.push(res.status);
          if (res.status === 200) expect(body.subject).toBe('e2e');
        } catch {
          refused++; // not accepted, so not acknowledged: the server is gone
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, client));
    await waitFor('load under way', async () => statuses.length >= 50);
    p.child.kill('SIGTERM');
    const code = await p.exited;
    await load;
    expect(code).toBe(0);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(50);
    expect(refused).toBeGreaterThan(0);
  });
});
