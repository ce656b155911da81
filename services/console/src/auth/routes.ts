import {
  ForbiddenError,
  NotFoundError,
  ROLES,
  SCOPE_LEVELS,
  signLocalToken,
  UnauthenticatedError,
  type HttpApp,
  type Principal,
  type TokenVerifier,
} from '@fivesoc/service-kit';
import { z } from 'zod';
import type { OidcSignIn } from './oidc.ts';
import {
  clearCookie,
  cookiesOf,
  requireSession,
  SESSION_COOKIE,
  sessionOf,
  setCookie,
  type SessionStore,
} from './sessions.ts';

export interface AuthDeps {
  sessions: SessionStore;
  verifier: TokenVerifier;
  sessionTtlMs: number;
  issuer: string;
  audience: string;
  /** The local private key (PEM) when the development sign-in is on; undefined when it is off. */
  devSigningKey: string | undefined;
  /** An issuer is configured: the development sign-in is refused whatever else is set. */
  oidcConfigured: boolean;
  oidc: OidcSignIn | undefined;
}

const LOGIN_COOKIE = 'fivesoc_login';
const CALLBACK_PATH = '/auth/callback';

const scopeLength = { district: 6, street: 9, community: 12 } as const;
const devSignInBody = z
  .object({
    role: z.enum(ROLES),
    scopeLevel: z.enum(SCOPE_LEVELS),
    scopeCode: z
      .string()
      .regex(/^\d{6,12}$/, 'must be the 6, 9 or 12 digits of a district, street or community'),
    subject: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1-64 letters, digits, ., _, @ or -'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.scopeCode.length !== scopeLength[b.scopeLevel]) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopeCode'],
        message: `a ${b.scopeLevel} code has ${scopeLength[b.scopeLevel]} digits`,
      });
    }
  });

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** `exp` of a verified JWT, in ms (the token was verified just before, so its payload is trusted). */
function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * /auth: the sign-in routes. Who may call each: /auth/config, /auth/login, /auth/callback and
 * /auth/dev-sign-in anybody (they are how one gets a session); /auth/me and /auth/logout a session.
 */
export function authRoutes(app: HttpApp, deps: AuthDeps): void {
  const startSession = async (
    req: Parameters<typeof setCookie>[0],
    reply: Parameters<typeof setCookie>[1],
    token: string,
    dev: boolean,
  ) => {
    const principal: Principal = await deps.verifier.verify(`Bearer ${token}`);
    const expiresAt = Math.min(expiryOf(token), Date.now() + deps.sessionTtlMs);
    const old = sessionOf(deps.sessions, req);
    if (old) deps.sessions.delete(old.id);
    const session = deps.sessions.create(token, principal, expiresAt, dev);
    setCookie(req, reply, SESSION_COOKIE, session.id, {
      maxAgeSeconds: (expiresAt - Date.now()) / 1000,
      sameSite: 'Strict',
      path: '/',
    });
    return session;
  };

  app.get(
    '/auth/config',
    {
      config: { public: true, session: 'none', scope: { public: 'sign-in: answers no records' } },
      schema: {
        summary: 'Which sign-in this console offers (no session needed)',
        response: { 200: z.object({ devSignIn: z.boolean(), oidc: z.boolean() }) },
      },
    },
    async () => ({ devSignIn: deps.devSigningKey !== undefined, oidc: deps.oidcConfigured }),
  );

  app.post(
    '/auth/dev-sign-in',
    {
      config: { public: true, session: 'none', scope: { public: 'sign-in: answers no records' } },
      schema: {
        summary: 'Development sign-in: a role and a scope, signed with the local key (native stack only)',
        body: devSignInBody,
        response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody },
      },
      // Refuse before validating: with an issuer configured the body does not matter.
      preValidation: async () => {
        if (deps.oidcConfigured) {
          throw new ForbiddenError(
            'the development sign-in is refused: this console signs in with its OIDC issuer',
          );
        }
        if (deps.devSigningKey === undefined)
          throw new NotFoundError('sign-in', 'development (CONSOLE_DEV_SIGN_IN is off)');
      },
    },
    async (req, reply) => {
      const key = deps.devSigningKey;
      if (key === undefined) throw new NotFoundError('sign-in', 'development');
      const b = req.body;
      const token = await signLocalToken(key, {
        subject: b.subject,
        roles: [b.role],
        scopeLevel: b.scopeLevel,
        scopeCode: b.scopeCode,
        issuer: deps.issuer,
        audience: deps.audience,
        expiresIn: `${Math.floor(deps.sessionTtlMs / 1000)}s`,
      });
      const session = await startSession(req, reply, token, true);
      req.log.info(
        { subject: session.principal.subject, role: b.role, scope: session.principal.scope },
        'development sign-in',
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/login',
    {
      config: { public: true, session: 'none', scope: { public: 'sign-in: answers no records' } },
      schema: { summary: 'Starts the OIDC sign-in: 302 to the issuer (code + PKCE, state, nonce)' },
    },
    async (req, reply) => {
      if (!deps.oidc) throw new NotFoundError('sign-in', 'OIDC (no CONSOLE_OIDC_ISSUER is configured)');
      const { url, loginId } = await deps.oidc.start();
      // Lax, not Strict: the issuer sends the browser back here from its own site.
      setCookie(req, reply, LOGIN_COOKIE, loginId, {
        maxAgeSeconds: 600,
        sameSite: 'Lax',
        path: CALLBACK_PATH,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: { public: true, session: 'none', scope: { public: 'sign-in: answers no records' } },
      schema: { summary: "The issuer's redirect back: exchanges the code, starts the session, 302 to /" },
    },
    async (req, reply) => {
      if (!deps.oidc) throw new NotFoundError('sign-in', 'OIDC (no CONSOLE_OIDC_ISSUER is configured)');
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const loginId = cookiesOf(req)[LOGIN_COOKIE];
      clearCookie(req, reply, LOGIN_COOKIE, CALLBACK_PATH);
      const token = await deps.oidc.finish(loginId, query);
      try {
        await startSession(req, reply, token, false);
      } catch (err) {
        throw new UnauthenticatedError(
          `the issuer's access token is not one the fivesoc services accept (${(err as Error).message})`,
        );
      }
      return reply.redirect('/', 302);
    },
  );

  app.get(
    '/auth/me',
    {
      config: {
        public: true,
        session: 'required',
        scope: { global: "forwarded with the user's own token: the service behind decides and scopes" },
      },
      schema: {
        summary: 'The signed-in user: subject, roles, scope, whether development, the CSRF token, expiry',
        response: {
          200: z.object({
            subject: z.string(),
            roles: z.array(z.enum(ROLES)),
            scope: z.object({ level: z.enum(SCOPE_LEVELS), code: z.string() }),
            dev: z.boolean(),
            csrfToken: z.string(),
            expiresAt: z.string(),
          }),
          401: errorBody,
        },
      },
    },
    async (req) => {
      const s = requireSession(deps.sessions, req);
      return {
        ...s.principal,
        dev: s.dev,
        csrfToken: s.csrfToken,
        expiresAt: new Date(s.expiresAt).toISOString(),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: {
        public: true,
        session: 'required',
        scope: { global: "forwarded with the user's own token: the service behind decides and scopes" },
      },
      schema: {
        summary: 'Ends the session (needs the CSRF header)',
        response: { 204: z.null(), 401: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      const s = requireSession(deps.sessions, req);
      deps.sessions.delete(s.id);
      clearCookie(req, reply, SESSION_COOKIE);
      return reply.status(204).send(null);
    },
  );
}
