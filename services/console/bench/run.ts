/**
 * The gateway's added latency per unary RPC: the same linkage call made through the console
 * (browser → HTTP JSON → gateway → gRPC → linkage) and directly with @grpc/grpc-js (the raw baseline), in
 * the same run, one call at a time, alternating, so both see the same machine.
 *   ./fivesoc bench console     (BENCH_CONSOLE_CALLS=2000 calls per side, BENCH_CONSOLE_RPC=GetDistrictStatistics)
 * Needs the native stack (KAFKA_BROKERS, MONGODB_URL); starts linkage and the console as processes.
 */
import { loadavg } from 'node:os';
import { fromBinary, toBinary, fromJson, type JsonValue } from '@bufbuild/protobuf';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { build } from 'hdr-histogram-js';
import { infraFromEnv } from '@fivesoc/test-support';
import { DEFAULT_DESCRIPTOR_FILE } from '../src/config.ts';
import { grpcPath, loadLinkageService } from '../src/gateway/descriptor.ts';
import { Browser } from '../src/testing/consoleProcess.ts';
import { startConsoleSystem } from '../src/testing/system.ts';

const calls = Number(process.env.BENCH_CONSOLE_CALLS ?? 2000);
const rpc = process.env.BENCH_CONSOLE_RPC ?? 'GetDistrictStatistics';
const body: JsonValue = rpc === 'ListCases' ? { pageSize: 20 } : {};
const infra = infraFromEnv();
if (!infra) throw new Error('set KAFKA_BROKERS and MONGODB_URL (./fivesoc bench console does)');

const system = await startConsoleSystem(infra, []);
try {
  const browser = await new Browser(system.console.url).devSignIn(
    'district_admin',
    'district',
    '000000',
    'bench',
  );
  const token = await system.sys.token(['district_admin'], 'bench');
  const method = loadLinkageService(DEFAULT_DESCRIPTOR_FILE).methods.find((m) => m.name === rpc);
  if (!method) throw new Error(`no RPC ${rpc}`);
  const client = new Client(system.sys.grpcAddress, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const request = Buffer.from(toBinary(method.input, fromJson(method.input, body)));

  const direct = () =>
    new Promise<void>((resolve, reject) => {
      client.makeUnaryRequest(
        grpcPath(method),
        (b: Buffer) => b,
        (b: Buffer) => b,
        request,
        metadata,
        { deadline: Date.now() + 30_000 },
        (err, value) => {
          if (err) return reject(err);
          fromBinary(method.output, value ?? Buffer.alloc(0));
          resolve();
        },
      );
    });
  const gateway = async () => {
    const r = await browser.post(`/api/linkage/${rpc}`, body);
    if (r.status !== 200) throw new Error(`gateway ${r.status} ${JSON.stringify(r.body)}`);
  };

  const histogram = () =>
    build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 60_000_000,
      numberOfSignificantValueDigits: 3,
    });
  const h = { direct: histogram(), gateway: histogram() };
  const time = async (f: () => Promise<void>) => {
    const t = process.hrtime.bigint();
    await f();
    return Number((process.hrtime.bigint() - t) / 1000n);
  };
  // Warm-up: connections, JIT, linkage's caches.
  for (let i = 0; i < 100; i++) {
    await direct();
    await gateway();
  }
  const started = Date.now();
  for (let i = 0; i < calls; i++) {
    // Alternate which goes first, so neither always runs right after the other's GC or wake-up.
    if (i % 2 === 0) {
      h.direct.recordValue(await time(direct));
      h.gateway.recordValue(await time(gateway));
    } else {
      h.gateway.recordValue(await time(gateway));
      h.direct.recordValue(await time(direct));
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const ms = (us: number) => (us / 1000).toFixed(2);
  const row = (name: string, x: ReturnType<typeof histogram>) =>
    `${name.padEnd(34)} ${[50, 90, 99, 99.9].map((p) => ms(x.getValueAtPercentile(p)).padStart(8)).join('')}${ms(x.maxValue).padStart(9)}${ms(x.mean).padStart(9)}`;
  console.log(
    `console gateway bench: ${rpc}, ${calls} calls per side, one at a time, alternating (${seconds.toFixed(1)} s)`,
  );
  console.log(
    `${'latency (ms)'.padEnd(34)}${['p50', 'p90', 'p99', 'p99.9'].map((p) => p.padStart(8)).join('')}${'max'.padStart(9)}${'mean'.padStart(9)}`,
  );
  console.log(row('direct @grpc/grpc-js (baseline)', h.direct));
  console.log(row('through the console gateway', h.gateway));
  const added = [50, 90, 99].map((p) =>
    ms(h.gateway.getValueAtPercentile(p) - h.direct.getValueAtPercentile(p)),
  );
  console.log(`added by the gateway: p50 ${added[0]} ms, p90 ${added[1]} ms, p99 ${added[2]} ms`);
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  client.close();
} finally {
  await system.stop();
}
