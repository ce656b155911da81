import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import {
  ROOT,
  freePortRange,
  infraEnv,
  readyz,
  startCommand,
  testKeys,
  waitFor,
  type Proc,
} from './processes.ts';

const SERVICES = ['community', 'organization', 'social-worker', 'volunteer', 'charity', 'linkage'];
let proc: Proc | undefined;
// SIGTERM, so the run command stops the services it started; SIGKILL only if it does not exit in time.
afterAll(async () => {
  if (!proc || proc.child.exitCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc?.child.kill('SIGKILL'), 20_000);
  await proc.exited;
  clearTimeout(timer);
});

describe('the run command', () => {
  it(
    'brings the console and all six services to /readyz 200, prints their URLs (the console first), loads the demo data, and stops them all with exit 0',
    { timeout: 420_000 },
    async () => {
      const keys = await testKeys();
      // The console on base itself, the six on base + 1 … base + 6: seven free ports from the range's first.
      const base = (await freePortRange(7)) + 1;
      // The README's run command itself; the environment already names the stack, so it starts no other.
      proc = startCommand('bash', ['./fivesoc', 'start'], ROOT, {
        ...infraEnv(useInfra(), keys),
        FIVESOC_PORT_BASE: String(base),
        FIVESOC_GRPC_PORT: '0',
        // Linkage was seen needing more than the default 10 s to stop while the demo case ran (2026-12-02,
        // under investigation): the bound is raised here, the exit code must still be 0.
        SHUTDOWN_TIMEOUT_MS: '30000',
        FIVESOC_INSTANCE: `e2e${base}${Date.now().toString(36)}`,
        FIVESOC_STACK_DIR: mkdtempSync(join(tmpdir(), 'fivesoc-run-')),
      });
      const p = proc;
      await waitFor(
        'the run command to report every service up',
        // Also done when the run command gave up: then fail at once with what it said.
        // The list ends with the 'stop: Ctrl-C' line (it may arrive in several chunks).
        async () => p.child.exitCode !== null || /fivesoc is up[^]*stop: Ctrl-C/.test(p.stdout()),
        200_000,
      );
      if (p.child.exitCode !== null)
        throw new Error(`the run command exited early:\n${p.stdout()}\n${p.stderr()}`);
      const consoleUrl = `http://127.0.0.1:${base}`;
      const listed = p.stdout().slice(p.stdout().indexOf('fivesoc is up'));
      expect(listed.indexOf(consoleUrl)).toBeGreaterThan(0);
      expect(listed.indexOf(consoleUrl)).toBeLessThan(listed.indexOf(`http://127.0.0.1:${base + 1}`));
      expect(await readyz(consoleUrl)).toBe(true);
      expect(await (await fetch(`${consoleUrl}/auth/config`)).json()).toEqual({
        devSignIn: true,
        oidc: false,
      });
      for (const [i, name] of SERVICES.entries()) {
        const url = `http://127.0.0.1:${base + 1 + i}`;
        expect(p.stdout()).toContain(url);
        expect(await readyz(url)).toBe(true);
        const health = (await (await fetch(`${url}/healthz`)).json()) as { service: string };
        expect(health.service).toBe(name);
      }
      // The demo data set goes in through the services' own APIs once they are up.
      await waitFor('the demo data', async () => /demo data (not fully )?loaded/.test(p.stdout()), 120_000);
      expect(p.stdout()).toContain('demo data loaded');
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    },
  );
});
