/**
 * vitest globalSetup: finds (or starts) the infrastructure once per run and hands it to tests through
 * `inject('infra')`. A run of unit tests alone does not fail when nothing is there; an integration test
 * that asks for infrastructure does, with the message that says how to start it.
 */
import type { TestProject } from 'vitest/node';
import { acquireInfra } from './infra.ts';

export default async function setup(project: TestProject) {
  const acquired = await acquireInfra();
  project.provide('infra', acquired.infra ?? null);
  project.provide('infraError', acquired.error ?? null);
  return async () => {
    await acquired.release();
  };
}
