import { apiErrorOf } from './errors.ts';

let csrfToken = '';
/** Set from `/auth/me`: every state-changing call carries it as `x-csrf-token`. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
  signal?: AbortSignal;
}

/** A JSON call to the console server; an error answer throws an ApiError with its code and field. */
export async function call<T>(path: string, opts: CallOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw apiErrorOf(res.status, body);
  return body as T;
}

/** One unary RPC of fivesoc.linkage.v1.LinkageService through the gateway (proto3 JSON both ways). */
export function linkage<T>(method: string, request: object): Promise<T> {
  return call<T>(`/api/linkage/${method}`, { method: 'POST', body: request });
}

export type Society = 'community' | 'organization' | 'social-worker' | 'volunteer' | 'charity';

/** A society's HTTP API through the gateway, with the user's token added by the server. */
export function society<T>(svc: Society, path: string, opts: CallOptions = {}): Promise<T> {
  return call<T>(`/api/${svc}${path}`, opts);
}

/** A fresh key for a create, so a retried click lands on the first answer. */
export const newKey = (): string => crypto.randomUUID();
