/** gRPC status numbers the matrix reads (grpc.status), kept numeric so this package needs no grpc-js. */
const INTERNAL = 13;
const UNIMPLEMENTED = 12;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;

export interface RpcMatrixOptions {
  service: string;
  /** Every method the running server offers (from its service definition or reflection), none left out. */
  methods: readonly string[];
  /** Who may call each method, as the server declares it; a method without a line fails the matrix. */
  access: Readonly<Record<string, { roles: readonly string[] } | undefined>>;
  /** Every role a token can carry. */
  roles: readonly string[];
  /** Calls a method with an empty request as `role` (undefined: no token); answers the gRPC status code. */
  call(method: string, role: string | undefined): Promise<number>;
}

export interface RpcMatrixResult {
  methods: number;
  covered: number;
  calls: number;
  failures: string[];
  /** Answers by outcome (`allowed 3`, `denied 7` …), for the printout. */
  outcomes: Record<string, number>;
}

/**
 * Calls every method as nobody (UNAUTHENTICATED), as every role it does not declare (PERMISSION_DENIED) and
 * as every role it declares (anything but those two, UNIMPLEMENTED or INTERNAL: an empty request is usually
 * INVALID_ARGUMENT, which a caller only gets past the role check).
 */
export async function runRpcMatrix(o: RpcMatrixOptions): Promise<RpcMatrixResult> {
  const r: RpcMatrixResult = { methods: o.methods.length, covered: 0, calls: 0, failures: [], outcomes: {} };
  const fail = (method: string, who: string, what: string) =>
    r.failures.push(`${o.service}.${method} as ${who}: ${what}`);
  const count = (k: string) => (r.outcomes[k] = (r.outcomes[k] ?? 0) + 1);
  for (const method of o.methods) {
    const declared = o.access[method];
    if (!declared) {
      fail(method, 'the matrix', 'no access declaration');
      continue;
    }
    r.calls++;
    const anon = await o.call(method, undefined);
    count(`nobody ${anon}`);
    if (anon !== UNAUTHENTICATED) fail(method, 'nobody', `answers ${anon}, not UNAUTHENTICATED`);
    for (const role of o.roles) {
      r.calls++;
      const code = await o.call(method, role);
      const allowed = declared.roles.includes(role);
      count(`${allowed ? 'allowed' : 'refused'} ${code}`);
      if (!allowed && code !== PERMISSION_DENIED)
        fail(method, role, `answers ${code}, not PERMISSION_DENIED (role not declared)`);
      if (allowed && [UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED, INTERNAL].includes(code))
        fail(method, role, `answers ${code} to a declared role`);
    }
    r.covered++;
  }
  return r;
}

export const rpcMatrixLine = (r: RpcMatrixResult, service: string) =>
  `rpc matrix ${service}: ${r.covered}/${r.methods} RPCs (${Math.round((100 * r.covered) / Math.max(1, r.methods))}%), ${r.calls} calls, ${r.failures.length} failures; answers ${Object.entries(
    r.outcomes,
  )
    .sort()
    .map(([k, n]) => `${k}×${n}`)
    .join(' ')}`;
