import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys, readPem, signLocalToken } from '@fivesoc/service-kit';
import type { TestInfra } from '@fivesoc/test-support';
import { PII_KEY, freePort, readyz, startServiceProcess, waitFor, type Proc } from '../processes.ts';
import { Endpoints, SOCIETIES, type Society } from './endpoints.ts';

/** How long a service may take to be ready (FIVESOC_E2E_READY_MS or E2E_READY_MS: longer on a loaded machine). */
const READY_MS = Number(process.env.FIVESOC_E2E_READY_MS ?? process.env.E2E_READY_MS ?? 120_000);

/**
 * The whole system for one test file: the five societies and linkage as their own processes (exactly as
 * `pnpm start` runs them) on the real stack, with databases and topics of their own, and tokens to act as
 * anyone. Linkage can be killed (SIGKILL) and started again on the same ports, databases and groups.
 */
export class System extends Endpoints {
  readonly suffix = randomBytes(4).toString('hex');
  private readonly procs = new Map<string, Proc>();
  private linkageEnv: NodeJS.ProcessEnv = {};
  private publicKeyFile = '';
  /** The folder of the local signing key pair the services trust (for a process that signs tokens too). */
  keysDir = '';
  /** Each service's Prometheus page (`METRICS_PORT`). */
  readonly metricsUrls = {} as Record<Society | 'linkage', string>;
  private readonly infra: TestInfra;

  constructor(infra: TestInfra) {
    super();
    this.infra = infra;
  }

  topic = (svc: string) => `e2e.${svc}.events.${this.suffix}`;
  db = (svc: string) => `e2e_${svc.replace(/-/g, '_')}_${this.suffix}`;

  private async base(svc: Society | 'linkage', port: number): Promise<NodeJS.ProcessEnv> {
    const metricsPort = await freePort();
    this.metricsUrls[svc] = `http://127.0.0.1:${metricsPort}/metrics`;
    return {
      METRICS_PORT: String(metricsPort),
      KAFKA_BROKERS: this.infra.kafkaBrokers.join(','),
      MONGODB_URL: this.infra.mongoUrl,
      AUTH_PUBLIC_KEY_FILE: this.publicKeyFile,
      PII_MASTER_KEY: PII_KEY,
      LOG_LEVEL: 'warn',
      HTTP_PORT: String(port),
      MONGODB_DB: this.db(svc),
      KAFKA_TOPIC: this.topic(svc),
      // charity learns where each need is from the community society's topic.
      COMMUNITY_TOPIC: this.topic('community'),
    };
  }

  async start(linkageSettings: NodeJS.ProcessEnv = {}): Promise<void> {
    this.keysDir = mkdtempSync(join(tmpdir(), 'fivesoc-flow-keys-'));
    const keys = await ensureLocalKeys(this.keysDir);
    this.pem = readPem(keys.privateKeyFile);
    this.publicKeyFile = keys.publicKeyFile;
    for (const svc of SOCIETIES) {
      const port = await freePort();
      this.urls[svc] = `http://127.0.0.1:${port}`;
      this.procs.set(svc, startServiceProcess(svc, await this.base(svc, port)));
    }
    const port = await freePort();
    const grpcPort = await freePort();
    this.urls.linkage = `http://127.0.0.1:${port}`;
    this.grpcAddress = `127.0.0.1:${grpcPort}`;
    this.linkageEnv = {
      ...(await this.base('linkage', port)),
      GRPC_PORT: String(grpcPort),
      COMMUNITY_TOPIC: this.topic('community'),
      ORGANIZATION_TOPIC: this.topic('organization'),
      SOCIAL_WORKER_TOPIC: this.topic('social-worker'),
      VOLUNTEER_TOPIC: this.topic('volunteer'),
      CHARITY_TOPIC: this.topic('charity'),
      SOCIAL_WORKER_URL: this.urls['social-worker'],
      VOLUNTEER_URL: this.urls.volunteer,
      ORGANIZATION_URL: this.urls.organization,
      CHARITY_URL: this.urls.charity,
      SOCIETY_TOKEN: await signLocalToken(this.pem, {
        subject: 'linkage',
        roles: ['integration_client'],
        scopeLevel: 'district',
        scopeCode: '000000',
        expiresIn: '4h',
      }),
      CASE_TIMER_POLL_MS: '200',
      WORKER_RETRY_MS: '1000',
      ...linkageSettings,
    };
    this.procs.set('linkage', startServiceProcess('linkage', this.linkageEnv));
    await Promise.all(
      [...SOCIETIES, 'linkage' as const].map((svc) =>
        waitFor(`${svc} ready`, () => this.alive(svc).then(() => readyz(this.urls[svc])), READY_MS).catch(
          (err: Error) => {
            throw new Error(`${err.message}\n${this.procs.get(svc)?.stderr().slice(-2000) ?? ''}`);
          },
        ),
      ),
    );
  }

  private async alive(svc: string): Promise<void> {
    const p = this.procs.get(svc);
    if (p && p.child.exitCode !== null) throw new Error(`${svc} exited: ${p.stderr().slice(-1500)}`);
  }

  /** SIGKILL: no graceful shutdown, in-flight work is cut wherever it is. */
  async killLinkage(): Promise<void> {
    const p = this.procs.get('linkage');
    if (!p) return;
    p.child.kill('SIGKILL');
    await p.exited;
  }

  async startLinkage(): Promise<void> {
    this.procs.set('linkage', startServiceProcess('linkage', this.linkageEnv));
    await waitFor(
      'linkage ready again',
      () => this.alive('linkage').then(() => readyz(this.urls.linkage)),
      120_000,
    );
  }

  async stop(): Promise<void> {
    for (const p of this.procs.values()) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all([...this.procs.values()].map((p) => p.exited));
  }
}
