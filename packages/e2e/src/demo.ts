/**
 * The case workflow end to end against running services, printed as the flow of the case's events:
 * a need reported in a community becomes a case, a worker is assigned, a volunteer, an organization and a
 * donation are matched and confirmed through the real services, delivery is recorded, the resident rates
 * it, the case closes. `./fivesoc start` runs it once the demo data is loaded (FIVESOC_DEMO=off skips it).
 *   node --conditions=@fivesoc/source packages/e2e/src/demo.ts --port-base 4100 --grpc 127.0.0.1:50051 \
 *     [--keys-dir .stack/auth]
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeys, readPem } from '@fivesoc/service-kit';
import { happyFlow, serviceUnderWay } from './caseFlow/drive.ts';
import { Endpoints, SOCIETIES } from './caseFlow/endpoints.ts';
import { linkageClient } from './caseFlow/linkageClient.ts';
import { PLACE, loadScenario, reportNeed } from './caseFlow/scenario.ts';

const { values } = parseArgs({
  options: {
    'port-base': { type: 'string', default: '4100' },
    grpc: { type: 'string', default: '127.0.0.1:50051' },
    'keys-dir': { type: 'string' },
  },
});
const base = Number(values['port-base']);
const order = [
  ...SOCIETIES.slice(0, 1),
  'organization',
  'social-worker',
  'volunteer',
  'charity',
  'linkage',
] as const;
const urls = Object.fromEntries(order.map((s, i) => [s, `http://127.0.0.1:${base + 1 + i}`])) as Record<
  (typeof order)[number],
  string
>;
const keys = await ensureLocalKeys(
  resolve(values['keys-dir'] ?? process.env.FIVESOC_KEYS_DIR ?? '.stack/auth'),
);
const sys = Endpoints.of(urls, values.grpc ?? '127.0.0.1:50051', readPem(keys.privateKeyFile));
const suffix = randomBytes(3).toString('hex');
const say = (line: string) => console.log(`demo: ${line}`);

say(`loading a worker, 3 volunteers, 2 organizations and 2 donations in community ${PLACE.communityCode}`);
const scenario = await loadScenario(sys, suffix, {
  volunteers: 3,
  organizations: 2,
  donations: 2,
  received: 100_000,
});
const api = linkageClient(sys.grpcAddress, () => sys.token(['social_worker'], scenario.workerId));
// The district's supervisor (督导) approves the high-risk assessment, the plan and the closure.
const supervisor = linkageClient(sys.grpcAddress, () => sys.token(['supervisor'], `supervisor-${suffix}`));
const needId = await reportNeed(sys, `demo-${suffix}`);
say(`need ${needId} reported (the resident's name and phone are sealed by the community service)`);

// The case's events as linkage stores them, printed live while the flow goes on.
let watch: Awaited<ReturnType<typeof api.watch>> | undefined;
const caseId = `c-${needId}`;
const startWatch = async () => {
  for (let i = 0; i < 100 && !watch; i++) {
    try {
      await api.getCase({ caseId });
      watch = await api.watch(caseId, 0, (e) => {
        const payload = JSON.stringify(JSON.parse(e.payloadJson || '{}'));
        console.log(
          `  v${String(e.streamVersion).padStart(2)} ${e.type.padEnd(26)} ${payload.slice(0, 160)}`,
        );
      });
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};
const watching = startWatch();
try {
  // A service under way today (hours are recorded only once it has started).
  const closed = await happyFlow(sys, api, supervisor, needId, serviceUnderWay(), say);
  await watching;
  await watch?.ended;
  say(
    `done: case ${closed.caseId} ${closed.status.replace('CASE_STATUS_', '').toLowerCase()}, ${closed.matches.length} matches, rating ${closed.rating}`,
  );
} catch (err) {
  say(`the flow stopped: ${(err as Error).message}`);
  watch?.stop();
  process.exitCode = 1;
} finally {
  api.close();
  supervisor.close();
}
