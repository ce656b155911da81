import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import { System } from './caseFlow/system.ts';
import { loadScenario, reportNeed, type Scenario } from './caseFlow/scenario.ts';
import { waitFor } from './processes.ts';

let sys: System;
let scenario: Scenario;
let mongo: MongoClient;

beforeAll(async () => {
  sys = new System(useInfra());
  await sys.start();
  mongo = await new MongoClient(useInfra().mongoUrl).connect();
  scenario = await loadScenario(sys, { volunteers: 3, organizations: 2, donations: 2, received: 100_000 });
}, 300_000);
afterAll(async () => {
  await sys?.stop();
  await mongo?.close();
});

describe('the case flow across the six services', () => {
  it('opens a case for a reported need and assigns the covering worker', async () => {
    const needId = await reportNeed(sys, 'first');
    const types = async () => {
      const commits = await mongo
        .db(sys.db('linkage'))
        .collection<{ streamId: string; events: { type: string }[] }>('es_commits')
        .find({})
        .toArray();
      return commits
        .filter((c) => c.streamId === `case-c-${needId}`)
        .flatMap((c) => c.events.map((e) => e.type));
    };
    await waitFor('worker assigned', async () => (await types()).includes('WorkerAssigned'), 120_000);
    expect(await types()).toEqual([
      'CaseOpened',
      'WorkerCandidatesProposed',
      'WorkerRequested',
      'WorkerAssigned',
    ]);
    expect(scenario.workerId).toBeTruthy();
  }, 200_000);
});
