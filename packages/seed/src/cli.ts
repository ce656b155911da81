/**
 * Loads the demo data set into the running services, or writes it as NDJSON files.
 *   node --conditions=@fivesoc/source packages/seed/src/cli.ts [--seed 1] [--size demo|bench]
 *        [--port-base 4100] [--keys-dir .stack/auth] [--out <dir>]
 * Prints one summary line per resource; exits 1 when any record failed.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PRESETS } from './generate.ts';
import { loadDemo, urlsFor } from './load.ts';
import { writeDataSet } from './out.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    size: { type: 'string', default: 'demo' },
    'port-base': { type: 'string', default: '4100' },
    'keys-dir': { type: 'string' },
    out: { type: 'string' },
  },
});

const fail = (msg: string): never => {
  console.error(`seed: ${msg}`);
  process.exit(2);
};
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a whole number ≥ 0');
if (values.size !== 'demo' && values.size !== 'bench') fail('--size must be demo or bench');
const sizes = PRESETS[values.size as 'demo' | 'bench'];
const portBase = Number(values['port-base']);
if (!Number.isInteger(portBase) || portBase < 1 || portBase > 65_000) fail('--port-base must be a port');

if (values.out) {
  const dir = resolve(values.out);
  const counts = await writeDataSet(dir, seed, sizes);
  for (const [resource, n] of Object.entries(counts)) console.log(`${resource.padEnd(14)} ${n} written`);
  console.log(`seed: NDJSON files in ${dir}`);
  process.exit(0);
}

const keysDir = resolve(values['keys-dir'] ?? process.env.FIVESOC_KEYS_DIR ?? '.stack/auth');
const skipped: string[] = [];
const result = await loadDemo({
  urls: urlsFor(portBase),
  keysDir,
  seed,
  sizes,
  log: (line) => console.error(line),
  // Organization may still be unfinished: its absence is a warning; any other missing service is an error.
  onSkip: (service) => service !== 'organization' && skipped.push(service),
});
let failed = 0;
for (const [resource, c] of Object.entries(result)) {
  failed += c.failed;
  console.log(`${resource.padEnd(14)} created ${c.created}, existing ${c.existing}, failed ${c.failed}`);
}
if (skipped.length > 0) console.error(`seed: not loaded (service not reachable): ${skipped.join(', ')}`);
process.exit(failed > 0 || skipped.length > 0 ? 1 : 0);
