import { signLocalToken, type Role } from '@fivesoc/service-kit';

export const SOCIETIES = ['community', 'organization', 'social-worker', 'volunteer', 'charity'] as const;
export type Society = (typeof SOCIETIES)[number];

/** A JSON answer from a society's HTTP API. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Where the six services answer, and tokens signed by the key they trust, to act as anyone. */
export class Endpoints {
  readonly urls = {} as Record<Society | 'linkage', string>;
  grpcAddress = '';
  protected pem = '';

  static of(
    urls: Record<Society | 'linkage', string>,
    grpcAddress: string,
    privateKeyPem: string,
  ): Endpoints {
    const e = new Endpoints();
    Object.assign(e.urls, urls);
    e.grpcAddress = grpcAddress;
    e.pem = privateKeyPem;
    return e;
  }

  token(roles: Role[], subject = 'e2e-staff'): Promise<string> {
    return signLocalToken(this.pem, { subject, roles, scopeLevel: 'district', scopeCode: '000000' });
  }

  /** Calls a society (or linkage's HTTP API) with a token and, for writes, an optional Idempotency-Key. */
  async call<T = Record<string, unknown>>(
    svc: Society | 'linkage',
    method: string,
    path: string,
    token: string,
    body?: unknown,
    key?: string,
  ): Promise<Reply<T>> {
    const res = await fetch(`${this.urls[svc]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Like `call`, but a status other than 2xx is an error naming the call and the answer. */
  async ok<T = Record<string, unknown>>(
    svc: Society | 'linkage',
    method: string,
    path: string,
    token: string,
    body?: unknown,
    key?: string,
  ): Promise<T> {
    const r = await this.call<T>(svc, method, path, token, body, key);
    if (r.status < 200 || r.status >= 300)
      throw new Error(`${method} ${svc}${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}
