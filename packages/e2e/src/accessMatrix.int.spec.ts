import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  declaredRoutes,
  ensureLocalKeys,
  readPem,
  ROLES,
  signLocalToken,
  type RunningService,
} from '@fivesoc/service-kit';
import {
  createThroughRoutes,
  databaseDigest,
  harvestIds,
  matrixLine,
  runAccessMatrix,
  settle,
  useInfra,
  validateOpenApi,
  type FieldValues,
  type MatrixOptions,
  type MatrixRoute,
  createTestTopics,
} from '@fivesoc/test-support';
import { startForTests } from './accessTable.ts';

// The seed's Wuchang tree (packages/seed): 武昌区 420106, its first two streets, two communities of the first.
const D = '420106';
const S1 = `${D}001`;
const C1 = `${S1}001`;

/** What the fixture's records are made of, by field name, in every service (ids come from the answers). */
const baseFields = (owner: string): FieldValues => ({
  districtCode: D,
  streetCode: S1,
  communityCode: C1,
  coveredCommunityCodes: [C1],
  organizationId: owner,
  workerId: 'w-matrix',
  stationCode: `${S1}-1`,
  at: '2025-06-01T08:00:00.000Z',
  date: '2031-03-04',
  start: '2031-03-04T09:00:00.000Z',
  end: '2031-03-04T11:00:00.000Z',
  from: '2031-03-01T00:00:00.000Z',
  to: '2031-04-01T00:00:00.000Z',
  name: '矩阵测试',
  phone: '13800000000',
  // The ops routes' path parameters: an unknown group or case answers 404, as it should.
  groupId: 'matrix-group',
  caseId: 'c-matrix',
});

/** A POST as `role` at district `code` (the home district unless named), subject u-matrix. */
type Post = (
  url: string,
  role: string,
  body: unknown,
  code?: string,
) => Promise<{ statusCode: number; body: string }>;

/** What a service's fixture needs before its create routes run, handed the topics the test made. */
interface Prepare {
  produce: (topic: string, envelope: Record<string, unknown>) => Promise<void>;
  topic: (service: string) => string;
  svc: RunningService;
  post: Post;
}

/** organization: the city's guidance catalogue has a published item (only a city-level admin drafts it). */
async function publishMatrixItem({ post }: Prepare): Promise<void> {
  const city = '000000';
  const item = { itemId: 'item-matrix', name: '矩阵测试', field: 'elderly', description: '居家养老上门服务' };
  for (const r of [
    await post('/v1/guidance-catalogue/items', 'district_admin', item, city),
    await post('/v1/guidance-catalogue/publications', 'district_admin', {}, city),
  ])
    if (r.statusCode >= 300)
      throw new Error(`catalogue fixture step: ${r.statusCode} ${r.body.slice(0, 200)}`);
}

/** charity knows needs from the community society's topic: one reported need in the home community. */
async function reportMatrixNeed({ produce, topic, svc }: Prepare): Promise<void> {
  await produce(topic('community'), {
    id: randomUUID(),
    streamId: 'need-need-matrix',
    streamVersion: 1,
    type: 'NeedReported',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    payload: {
      needId: 'need-matrix',
      districtCode: D,
      streetCode: S1,
      communityCode: C1,
      category: 'elder_care',
    },
    metadata: {},
  });
  const deadline = Date.now() + 30_000;
  while (!(await svc.ctx.db.collection('need_places').findOne({ _id: 'need-matrix' as never }))) {
    if (Date.now() > deadline) throw new Error('charity did not learn the matrix need');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A step after the create routes, as the fixture's owner at the home district (an answer's ids harvested). */
interface After {
  options: MatrixOptions;
  fields: FieldValues;
  post: Post;
}

const HOUR = 3_600_000;
/** The volunteer's task started an hour ago (hours are recorded only then) and runs two more. */
const taskStart = new Date(Date.now() - HOUR).toISOString();
const taskEnd = new Date(Date.now() + 2 * HOUR).toISOString();

/** volunteer: the registered volunteer is assigned to the task and has hours on it (an entry to confirm). */
async function volunteerAtWork({ options, fields, post }: After): Promise<void> {
  const volunteerId = fields['volunteers:id'] as string;
  const taskId = fields['tasks:id'] as string;
  options.owner = volunteerId;
  const assigned = await post(`/v1/tasks/${taskId}/assignments`, 'community_staff', { volunteerId });
  const hours = await post(`/v1/volunteers/${volunteerId}/hours`, 'community_staff', { taskId, hours: 1 });
  for (const r of [assigned, hours])
    if (r.statusCode >= 300) console.log(`volunteer fixture step: ${r.statusCode} ${r.body.slice(0, 200)}`);
  harvestIds(JSON.parse(hours.body), 'hours', fields);
}

// community has its own, strict matrix (services/community/src/access.matrix.int.spec.ts). `strict`: every
// status a route answers must be declared; the others list what they answer without declaring it yet, and
// fail on every role and scope rule.
const SERVICES: Array<{
  name: string;
  owner: string;
  strict?: boolean;
  fields?: FieldValues;
  prepare?: (p: Prepare) => Promise<void>;
  after?: (a: After) => Promise<void>;
  /** Create routes the fixture must not run (one that would cancel what the others need). */
  skip?: (route: MatrixRoute) => boolean;
  /** Body fields that name another record of the fixture: field → the harvested id (`volunteers:id`). */
  aliases?: Record<string, string>;
}> = [
  {
    // The organization applies for itself (its id is the owner), in a category that needs the business
    // supervisor: pre-approval, then approval, run in that order by the create routes.
    name: 'organization',
    owner: 'org-matrix',
    strict: true,
    prepare: publishMatrixItem,
    aliases: { 'referrals:id': 'referralId' },
    fields: {
      creditCode: '91110105MA01ABCD26',
      category: 'education',
      itemId: 'item-matrix',
      serious: false,
      startAt: '2031-03-04T09:00:00.000Z',
      endAt: '2031-03-04T11:00:00.000Z',
      // a district's rules: bands must rise (a sampled record would not)
      ratingBands: { '1A': 50, '2A': 60, '3A': 70, '4A': 80, '5A': 90 },
    },
  },
  // The worker leaves only in the matrix's own in-scope pass: a worker who has left takes no command.
  { name: 'social-worker', owner: 'w-matrix', strict: true, skip: (r) => r.url.endsWith('/leave') },
  { name: 'linkage', owner: 'w-matrix', strict: true },
  {
    name: 'charity',
    owner: 'u-matrix',
    strict: true,
    prepare: reportMatrixNeed,
    fields: {
      needId: 'need-matrix',
      category: 'elder_care',
      creditCode: '91110105MA01ABCD26',
      idNumber: '11010519491231002X',
      amountFen: 100_000,
      quantity: 100,
      disclosureConsent: true,
    },
  },
  {
    name: 'volunteer',
    owner: 'u-matrix',
    strict: true,
    after: volunteerAtWork,
    skip: (r) => r.url.endsWith('/cancellation'),
    aliases: { leaderId: 'volunteers:id', volunteerId: 'volunteers:id', taskId: 'tasks:id' },
    fields: {
      creator: { kind: 'community_staff', id: 'u-matrix' },
      idNumber: '11010519491231002X',
      startAt: taskStart,
      endAt: taskEnd,
      start: '00:00',
      end: '23:59',
      hours: 1,
      maxHoursPerWeek: 40,
      // a district's rules: thresholds must rise (a sampled list would not)
      starThresholds: [100, 300, 600, 1000, 1500],
    },
  },
];

describe.each(SERVICES)(
  '$name: every route × role × scope',
  ({ name, owner, strict, fields: extra, prepare, after, aliases, skip }) => {
    it('answers every declared route as its declarations say, and serves a valid OpenAPI document', async () => {
      const infra = useInfra();
      const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-matrix-')));
      const pem = readPem(keys.privateKeyFile);
      const suffix = randomBytes(4).toString('hex');
      const topic = (s: string) => `fivesoc.matrix-${suffix}.${s}`;
      const topics = ['community', 'organization', 'social-worker', 'volunteer', 'charity', 'linkage'];
      await createTestTopics(infra.kafkaBrokers, topics.map(topic));
      const svc = await startForTests(name, infra, keys.publicKeyFile, topic);
      try {
        const fields: FieldValues = { ...baseFields(owner), ...extra };
        for (const [field, source] of Object.entries(aliases ?? {}))
          Object.defineProperty(fields, field, {
            get: () => fields[source],
            set: () => undefined, // the record's own id wins over any harvested one
            enumerable: false,
          });
        const app = svc.app;
        const post: Post = async (url, role, body, code = D) =>
          app.inject({
            method: 'POST',
            url,
            headers: {
              authorization: `Bearer ${await signLocalToken(pem, {
                subject: 'u-matrix',
                roles: [role as never],
                scopeLevel: 'district',
                scopeCode: code,
              })}`,
              'content-type': 'application/json',
            },
            payload: JSON.stringify(body),
          });
        const options: MatrixOptions = {
          service: name,
          routes: declaredRoutes(app),
          roles: ROLES,
          inject: async (req) => {
            const r = await app.inject(req as never);
            return { statusCode: r.statusCode, body: r.body };
          },
          sign: (c) =>
            signLocalToken(pem, {
              subject: c.subject,
              roles: c.roles as never,
              scopeLevel: c.level,
              scopeCode: c.code,
            }),
          home: { districtCode: D, streetCode: S1, communityCode: C1 },
          outside: { sameStreetCommunity: `${S1}002`, otherStreet: `${D}002`, otherDistrict: '420102' },
          owner,
          fields: () => fields,
          markers: () =>
            Object.entries(fields)
              .filter(([k, v]) => typeof v === 'string' && (/id$/i.test(k) || k === 'name') && v !== owner)
              .map(([, v]) => v as string),
          snapshot: () => databaseDigest(svc.ctx.db),
          strictStatuses: strict === true,
          // Migration imports take NDJSON; an empty upload answers an empty report and changes nothing.
          contentType: (r) => (r.url.startsWith('/v1/imports') ? 'application/x-ndjson' : undefined),
          rawBody: (r) => (r.url.startsWith('/v1/imports') ? '' : undefined),
        };
        if (prepare) {
          const producer = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
          await producer.connect();
          try {
            await prepare({
              svc,
              topic,
              post,
              produce: async (t, envelope) => {
                await producer.send({
                  topic: t,
                  messages: [{ key: String(envelope.streamId), value: JSON.stringify(envelope) }],
                });
              },
            });
          } finally {
            await producer.disconnect();
          }
        }
        const problems = await createThroughRoutes(options, fields, skip ? { skip } : {});
        if (after) await after({ options, fields, post });
        if (problems.length) console.log(`${name} fixture, not made:\n  ${problems.join('\n  ')}`);
        await settle(() => databaseDigest(svc.ctx.db));
        const r = await runAccessMatrix(options);
        console.log(matrixLine(r, name));
        if (r.undeclared.length)
          console.log(`${name}: statuses answered, not yet declared: ${r.undeclared.join(', ')}`);
        const doc = (await app.inject({ url: '/docs/json' })).json<unknown>();
        console.log(`${name} OpenAPI: ${await validateOpenApi(doc)} operations, valid`);
        expect(r.failures).toEqual([]);
        expect(r.covered).toBe(r.routes);
      } finally {
        await svc.ctx.db.dropDatabase().catch(() => undefined);
        await svc.close();
        const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        await admin.deleteTopics({ topics: topics.map(topic) }).catch(() => undefined);
        await admin.disconnect();
      }
    }, 600_000);
  },
);
