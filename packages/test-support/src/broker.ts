import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A Kafka broker of one test's own, to stop and start at will: the shared broker must keep answering the
 * other tests. One KRaft node from the jars the native stack cached (`infra/stack.sh install`), with its
 * data in a temporary folder, so a stop and a start keep every topic and offset, as a real restart does.
 */
export interface DedicatedBroker {
  /** `127.0.0.1:<port>`, the same across restarts. */
  readonly address: string;
  readonly logFile: string;
  /** Stops the broker (SIGTERM, a clean shutdown) and waits for the process to end. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

const CLUSTER_ID = 'Zml2ZXNvYy10ZXN0LW5vZGU'; // base64url of "fivesoc-test-node"

/** The cached Kafka 3.9 jars: `FIVESOC_KAFKA_LIBS`, else the newest `kafka-3.9.*` in the tool cache. */
function kafkaLibs(): string {
  const given = process.env.FIVESOC_KAFKA_LIBS;
  if (given) return given;
  const cache = process.env.FIVESOC_CACHE ?? join(homedir(), '.cache/fivesoc');
  const found = existsSync(cache)
    ? readdirSync(cache)
        .filter((d) => /^kafka-3\.9\.\d+$/.test(d) && existsSync(join(cache, d, 'libs')))
        .sort()
        .at(-1)
    : undefined;
  if (!found) throw new Error(`no Kafka 3.9 jars in ${cache}: run \`bash infra/stack.sh install\` first`);
  return join(cache, found, 'libs');
}

const isFree = (port: number) =>
  new Promise<boolean>((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });

/**
 * Two free ports next to each other. `FIVESOC_TEST_BROKER_PORTS` (`low-high`) sets the range; the default
 * stays below Linux's ephemeral range, where an outgoing connection could take the port while the broker
 * is down.
 */
async function freePair(): Promise<[number, number]> {
  const [low, high] = (process.env.FIVESOC_TEST_BROKER_PORTS ?? '20000-32000').split('-').map(Number) as [
    number,
    number,
  ];
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low - 1));
    if ((await isFree(port)) && (await isFree(port + 1))) return [port, port + 1];
  }
  throw new Error(`no two free ports in ${low}-${high}`);
}

export async function startDedicatedBroker(): Promise<DedicatedBroker> {
  const libs = kafkaLibs();
  const dir = mkdtempSync(join(tmpdir(), 'fivesoc-broker-'));
  const [port, controller] = await freePair();
  const address = `127.0.0.1:${port}`;
  const props = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  const logFile = join(dir, 'kafka.log');
  // The native stack's settings (infra/stack.sh), for one node with its own data.
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://${address},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://${address}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=3',
      'default.replication.factor=1',
      'min.insync.replicas=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${logFile}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
  const java = (heap: string[], main: string, args: string[]) => [
    ...heap,
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    `${libs}/*`,
    main,
    ...args,
  ];
  const format = spawnSync(
    'java',
    java(['-Xmx256m', '-XX:TieredStopAtLevel=1'], 'kafka.tools.StorageTool', [
      'format',
      '--ignore-formatted',
      '-t',
      CLUSTER_ID,
      '-c',
      props,
    ]),
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (format.status !== 0) throw new Error(`formatting the broker's storage failed: ${format.stderr}`);

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const kill = () => child?.kill('SIGKILL');
  process.once('exit', kill);

  /** The broker's last log lines, for an error that says why it did not come up. */
  const tail = () =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((l) => /ERROR|FATAL|Exception|WARN/.test(l))
          .slice(-15)
          .join('\n')
      : '(no log)';
  const ready = async () => {
    const deadline = Date.now() + Number(process.env.FIVESOC_E2E_READY_MS ?? 120_000);
    const admin = new Kafka({
      clientId: 'dedicated-broker-probe',
      brokers: [address],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    for (;;) {
      if (!child || child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the dedicated broker on ${address} exited:\n${tail()}`);
      try {
        await admin.connect();
        await admin.describeCluster();
        await admin.disconnect();
        return;
      } catch {
        await admin.disconnect().catch(() => undefined);
        if (Date.now() > deadline)
          throw new Error(`the dedicated broker on ${address} did not answer:\n${tail()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  const spawnBroker = () => {
    const c = spawn(
      'java',
      java(['-Xms128m', '-Xmx384m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20'], 'kafka.Kafka', [props]),
      { stdio: 'ignore' },
    );
    child = c;
    exited = new Promise((r) => c.once('exit', () => r()));
  };
  /**
   * A restart must come back on the same port, which another process may hold meanwhile (an outgoing
   * connection's local port, when the range is in the ephemeral one): a broker that exits at once is
   * started again a few times before giving up.
   */
  const start = async () => {
    for (let attempt = 1; ; attempt++) {
      spawnBroker();
      try {
        return await ready();
      } catch (err) {
        const died = child?.exitCode !== null || child?.signalCode !== null;
        if (!died || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    address,
    logFile,
    start,
    stop,
    close: async () => {
      await stop();
      process.off('exit', kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
