/**
 * Writes each service's topic contract (the five societies' and linkage's) as AsyncAPI 3.0 to docs/contracts/<service>.asyncapi.json, for
 * integrators (district systems consume these topics). `./fivesoc contracts`; contracts.unit.spec.ts checks the files
 * are current, so a changed event schema cannot go unpublished.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asyncApiDocument, type EventRegistry } from '@fivesoc/eventing';

const root = resolve(import.meta.dirname, '../../..');

/** Each service's event contract, through its one door (`@fivesoc/<service>/contract`). */
export const REGISTRIES: Record<string, () => Promise<EventRegistry>> = {
  community: async () => (await import('@fivesoc/community/contract')).eventRegistry,
  organization: async () => (await import('@fivesoc/organization/contract')).eventRegistry,
  'social-worker': async () => (await import('@fivesoc/social-worker/contract')).eventRegistry,
  volunteer: async () => (await import('@fivesoc/volunteer/contract')).eventRegistry,
  charity: async () => (await import('@fivesoc/charity/contract')).eventRegistry,
  linkage: async () => (await import('@fivesoc/linkage/contract')).eventRegistry,
};

const DESCRIPTIONS: Record<string, string> = {
  linkage:
    'Events of the linkage service: each case of the five-society workflow (opened, worker assigned, assessed, planned, matches proposed, requested, held, confirmed, delivered, reviewed, closed), key = case stream id, one message per event.',
};

export async function contractDocuments(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [service, load] of Object.entries(REGISTRIES)) {
    const doc = asyncApiDocument({
      service,
      topic: `fivesoc.${service}.events`,
      version: '1.0.0',
      registry: await load(),
      description:
        DESCRIPTIONS[service] ?? `Events of the ${service} society, key = stream id, one message per event.`,
    });
    out[join('docs', 'contracts', `${service}.asyncapi.json`)] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, text] of Object.entries(await contractDocuments())) {
    writeFileSync(join(root, file), text);
    console.log(`wrote ${file}`);
  }
}
