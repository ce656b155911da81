import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError, type Principal } from '@fivesoc/service-kit';

export const SESSION_COOKIE = 'fivesoc_session';
export const CSRF_HEADER = 'x-csrf-token';

/** A signed-in user. The bearer token stays here, on the server: the browser only holds the random id. */
export interface Session {
  id: string;
  token: string;
  principal: Principal;
  csrfToken: string;
  /** ms since the epoch: the earlier of the token's expiry and the session TTL. */
  expiresAt: number;
  /** Signed in through the development sign-in (the app marks every page as development). */
  dev: boolean;
}

const random = () => randomBytes(32).toString('base64url');

/**
 * Sessions in memory, keyed by a random 256-bit id. A restart signs everybody out (they sign in again);
 * see the README for why nothing is persisted.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly maxSessions: number;

  constructor(maxSessions: number) {
    this.maxSessions = maxSessions;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  create(token: string, principal: Principal, expiresAt: number, dev: boolean): Session {
    const session: Session = { id: random(), token, principal, csrfToken: random(), expiresAt, dev };
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  sweep(now = Date.now()): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sessions.clear();
  }
}

/** The cookies of a request, by name (first one wins). */
export function cookiesOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !(name in out)) {
      try {
        out[name] = decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        // a malformed cookie is no cookie
      }
    }
  }
  return out;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

/**
 * `Secure` unless the console is reached over plain http on loopback (the native stack): anywhere else a
 * cookie without it could travel in clear text, so it is never set without it.
 */
export function secureCookies(req: FastifyRequest): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return !(req.protocol === 'http' && LOOPBACK.test(host));
}

export interface CookieOptions {
  maxAgeSeconds: number;
  sameSite: 'Strict' | 'Lax';
  path: string;
}

/** Appends a Set-Cookie: always httpOnly; Secure per secureCookies. */
export function setCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  o: CookieOptions,
) {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${o.path}`,
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    'HttpOnly',
    `SameSite=${o.sameSite}`,
  ];
  if (secureCookies(req)) parts.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)];
  void reply.header('set-cookie', [...list, parts.join('; ')]);
}

export const clearCookie = (req: FastifyRequest, reply: FastifyReply, name: string, path = '/') =>
  setCookie(req, reply, name, '', { maxAgeSeconds: 0, sameSite: 'Strict', path });

/** The request's session, or undefined. */
export const sessionOf = (store: SessionStore, req: FastifyRequest): Session | undefined =>
  store.get(cookiesOf(req)[SESSION_COOKIE]);

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The session a route needs: 401 without one; for a state-changing method also the CSRF header equal to
 * the session's token (403 otherwise). SameSite=Strict already keeps the cookie off cross-site requests;
 * the header is the second lock (a form or an image cannot set it).
 */
export function requireSession(store: SessionStore, req: FastifyRequest): Session {
  const session = sessionOf(store, req);
  if (!session) throw new UnauthenticatedError('sign in first: no session or it has expired');
  if (STATE_CHANGING.has(req.method)) {
    const given = req.headers[CSRF_HEADER];
    const a = Buffer.from(typeof given === 'string' ? given : '');
    const b = Buffer.from(session.csrfToken);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new ForbiddenError('csrf token missing or wrong');
  }
  return session;
}
