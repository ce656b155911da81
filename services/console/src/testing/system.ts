import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys, readPem, signLocalToken } from '@fivesoc/service-kit';
import type { TestInfra } from '@fivesoc/test-support';
import { Endpoints, type Society } from '@fivesoc/e2e/src/caseFlow/endpoints.ts';
import {
  PII_KEY,
  freePort,
  readyz,
  startServiceProcess,
  waitFor,
  type Proc,
} from '@fivesoc/e2e/src/processes.ts';
import { startConsoleProcess, type ConsoleProc } from './consoleProcess.ts';

export interface ConsoleSystem {
  sys: Endpoints;
  console: ConsoleProc;
  privateKeyFile: string;
  publicKeyFile: string;
  stop(): Promise<void>;
}

/**
 * The societies named, linkage and the console, each its own process exactly as `pnpm start` runs it, on
 * the real Kafka and FerretDB with databases and topics of their own. The console signs in with its
 * development sign-in, signing with the key the others trust.
 */
export async function startConsoleSystem(
  infra: TestInfra,
  societies: Society[],
  consoleEnv: NodeJS.ProcessEnv = {},
): Promise<ConsoleSystem> {
  const suffix = randomBytes(4).toString('hex');
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-console-sys-')));
  const pem = readPem(keys.privateKeyFile);
  const topic = (svc: string) => `e2e.${svc}.events.${suffix}`;
  const urls = {} as Record<Society | 'linkage', string>;
  const procs = new Map<string, Proc>();
  const base = (svc: string, port: number): NodeJS.ProcessEnv => ({
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: PII_KEY,
    LOG_LEVEL: 'warn',
    HTTP_PORT: String(port),
    MONGODB_DB: `e2e_${svc.replace(/-/g, '_')}_${suffix}`,
    KAFKA_TOPIC: topic(svc),
    // charity learns where each need is from the community society's topic.
    COMMUNITY_TOPIC: topic('community'),
  });
  const all: Society[] = ['community', 'organization', 'social-worker', 'volunteer', 'charity'];
  for (const svc of all) urls[svc] = `http://127.0.0.1:${await freePort()}`;
  for (const svc of societies) {
    procs.set(svc, startServiceProcess(svc, base(svc, Number(new URL(urls[svc]).port))));
  }
  const port = await freePort();
  const grpc = `127.0.0.1:${await freePort()}`;
  urls.linkage = `http://127.0.0.1:${port}`;
  procs.set(
    'linkage',
    startServiceProcess('linkage', {
      ...base('linkage', port),
      GRPC_PORT: grpc.split(':')[1],
      COMMUNITY_TOPIC: topic('community'),
      ORGANIZATION_TOPIC: topic('organization'),
      SOCIAL_WORKER_TOPIC: topic('social-worker'),
      VOLUNTEER_TOPIC: topic('volunteer'),
      CHARITY_TOPIC: topic('charity'),
      SOCIAL_WORKER_URL: urls['social-worker'],
      VOLUNTEER_URL: urls.volunteer,
      ORGANIZATION_URL: urls.organization,
      CHARITY_URL: urls.charity,
      SOCIETY_TOKEN: await signLocalToken(pem, {
        subject: 'linkage',
        roles: ['integration_client'],
        scopeLevel: 'district',
        scopeCode: '000000',
        expiresIn: '4h',
      }),
    }),
  );
  const stopAll = async () => {
    for (const p of procs.values()) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all([...procs.values()].map((p) => p.exited));
  };
  try {
    // The console needs nothing of the others to start: it comes up beside them.
    const consoleStarting = startConsoleProcess({
      AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
      CONSOLE_DEV_SIGN_IN: '1',
      LINKAGE_GRPC_URL: grpc,
      COMMUNITY_URL: urls.community,
      ORGANIZATION_URL: urls.organization,
      SOCIAL_WORKER_URL: urls['social-worker'],
      VOLUNTEER_URL: urls.volunteer,
      CHARITY_URL: urls.charity,
      ...consoleEnv,
    });
    consoleStarting.catch(() => undefined); // awaited below; this only keeps an early failure handled
    await Promise.all(
      [...societies, 'linkage' as const].map((svc) =>
        waitFor(
          `${svc} ready`,
          async () => {
            const p = procs.get(svc);
            if (p && p.child.exitCode !== null) throw new Error(`${svc} exited: ${p.stderr().slice(-1500)}`);
            return readyz(urls[svc]);
          },
          240_000,
        ),
      ),
    );
    const consoleProc = await consoleStarting;
    return {
      sys: Endpoints.of(urls, grpc, pem),
      console: consoleProc,
      privateKeyFile: keys.privateKeyFile,
      publicKeyFile: keys.publicKeyFile,
      stop: async () => {
        await consoleProc.stop();
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
