import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoEventStore } from '@fivesoc/eventing';
import { freshDbName, useInfra } from '@fivesoc/test-support';
import { CaseApp } from '../app.ts';
import { caseRegistry } from '../domain/events.ts';
import { caseViewsOf } from './caseView.ts';
import { projectCaseEvent } from './projection.ts';

let mongo: MongoClient;
let db: Db;
let app: CaseApp;

beforeAll(async () => {
  mongo = new MongoClient(useInfra().mongoUrl);
  db = mongo.db(freshDbName('lk-case-views'));
  const store = await new MongoEventStore({ db, registry: caseRegistry }).init();
  app = new CaseApp({
    store,
    relay: { notify: () => undefined },
    matchTimeoutMs: 60_000,
  });
  const place = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };
  const run = (caseId: string, command: Parameters<CaseApp['execute']>[1]) =>
    app.execute(caseId, command, { actor: 'test' });
  for (const caseId of ['c-a', 'c-b']) {
    await run(caseId, {
      kind: 'open',
      caseId,
      needId: caseId.slice(2),
      place,
      category: 'elder_care',
      urgency: 'normal',
      openedBy: 'u-1',
    });
    await run(caseId, { kind: 'assignWorker', workerId: 'w1' });
    await run(caseId, { kind: 'workerAnswered', requestId: `${caseId}-w1`, accepted: true });
    await run(caseId, { kind: 'escalate', reason: 'stuck' });
  }
});
afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

describe('the case projection', () => {
  const history = (caseId: string, after: number) => app.history(caseId, after);

  it('folds each case once: redelivered events change nothing', async () => {
    const views = caseViewsOf(db);
    const events = await app.history('c-a', 0);
    for (const e of events) await projectCaseEvent(views, history, e);
    const once = await views.findOne({ _id: 'c-a' });
    for (const e of [...events, ...events.reverse()]) await projectCaseEvent(views, history, e);
    expect(await views.findOne({ _id: 'c-a' })).toEqual(once);
    expect(once).toMatchObject({ _v: 4, status: 'assigned', workerId: 'w1' });
    expect(once?.state).toEqual((await app.load('c-a')).state);
  });

  it('fills a gap from the stream when an event arrives ahead of the ones before it', async () => {
    const views = caseViewsOf(db);
    const last = (await app.history('c-b', 0)).at(-1)!;
    await projectCaseEvent(views, history, last);
    const view = await views.findOne({ _id: 'c-b' });
    expect(view).toMatchObject({ _v: 4, needId: 'b', status: 'assigned' });
    expect(view?.state).toEqual((await app.load('c-b')).state);
    expect(view?.state.escalationLevel).toBe(1);
  });
});
