/**
 * Prints a bearer token for local use against the native stack.
 *   ./fivesoc token --role district_admin [--role ops] [--scope district:330100] [--sub alice] [--ttl 8h]
 *   ./fivesoc token --init      # only make sure the local key pair exists
 *   ./fivesoc token --role integration_client --sub linkage --out FILE   # write it to FILE (mode 600)
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ROLES, SCOPE_LEVELS, type Role, type ScopeLevel } from '../auth.ts';
import { ensureLocalKeys, readPem, signLocalToken } from '../local-keys.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: ['district_admin'] },
    scope: { type: 'string', default: 'district:000000' },
    sub: { type: 'string', default: 'local-user' },
    ttl: { type: 'string', default: '8h' },
    init: { type: 'boolean', default: false },
    'keys-dir': { type: 'string' },
    out: { type: 'string' },
  },
});

const keysDir = resolve(values['keys-dir'] ?? process.env.FIVESOC_KEYS_DIR ?? '.stack/auth');
const keys = await ensureLocalKeys(keysDir);
if (values.init) {
  console.log(keys.publicKeyFile);
  process.exit(0);
}

const fail = (msg: string): never => {
  console.error(`token: ${msg}`);
  process.exit(2);
};
for (const r of values.role) {
  if (!(ROLES as readonly string[]).includes(r)) fail(`--role ${r} is not one of ${ROLES.join(', ')}`);
}
const [level, code] = values.scope.split(':');
if (!level || !(SCOPE_LEVELS as readonly string[]).includes(level) || !code) {
  fail(`--scope must be level:code with level one of ${SCOPE_LEVELS.join(', ')}`);
}

const token = await signLocalToken(readPem(keys.privateKeyFile), {
  subject: values.sub,
  roles: values.role as Role[],
  scopeLevel: level as ScopeLevel,
  scopeCode: code!,
  expiresIn: values.ttl,
});
if (values.out) writeFileSync(values.out, `${token}\n`, { mode: 0o600 });
else console.log(token);
