import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Logger } from 'pino';
import { ROLES, type Principal, type Role, type TokenVerifier } from './auth.ts';
import { errors, scopeProblem, type DataScope, type DeclaredRoute } from './access.ts';
import { ForbiddenError, FivesocError } from './errors.ts';
import { httpErrorHandler } from './http-errors.ts';
import type { ReadinessCheck } from './readiness.ts';
import { recordHttpRequest } from './requestMetrics.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no token (health, docs, public disclosure views). */
    public?: boolean;
    /** Roles allowed to call the route. Every non-public route must list them. */
    roles?: readonly Role[];
    /** How the route's data is scoped (see access.ts). Every route declares it. */
    scope?: DataScope;
  }
  interface FastifyRequest {
    /** The verified caller; set on every non-public route before the handler runs. */
    principal: Principal;
  }
}

export type HttpApp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger, ZodTypeProvider>;

export interface HttpServerOptions {
  service: string;
  version: string;
  logger: Logger;
  verifier: TokenVerifier;
  readiness: ReadinessCheck[];
  /** Facts for ops (database, topic …) shown at GET /v1/service. */
  info?: () => Record<string, unknown>;
  /** Serve the OpenAPI explorer at /docs (default true; the console, which serves a browser app, does not). */
  docs?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const declared = new WeakMap<object, DeclaredRoute[]>();

/** Every route the app registered, with its roles, scope and schemas, in registration order. */
export function declaredRoutes(app: HttpApp): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/** The fastify app every service starts from; `listen` is the caller's, so tests use `inject`. */
export async function buildHttpServer(opts: HttpServerOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: opts.logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(httpErrorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
  );
  // Declared with no value (every request gets its own in the auth hook), as fastify's types allow.
  app.decorateRequest('principal');
  // While closing, every response tells its client to drop the connection, so a keep-alive socket of a
  // request that was in flight at SIGTERM does not hold the shutdown open until its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (closing) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    recordHttpRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime);
  });

  // Authentication from the first route: a route that is neither public nor lists its roles, or that does not
  // say how its data is scoped, is a bug, caught when the route is registered rather than when somebody
  // calls it. Every route also answers the kit's own errors, so they are declared here for it: 400 (bad
  // input, on routes that take any), 401 and 403 (token and role, on routes that need a token).
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) {
      route.config = { ...route.config, public: true, scope: { public: 'the API description' } };
      return;
    }
    const where = `route ${route.method.toString()} ${route.url}`;
    const cfg = route.config;
    if (!cfg?.public && (!cfg?.roles || cfg.roles.length === 0)) {
      throw new Error(`${where} must declare config.roles or config.public`);
    }
    const problem = cfg.scope === undefined ? 'must declare config.scope' : scopeProblem(cfg.scope);
    if (problem) throw new Error(`${where}: ${problem}`);
    const schema = (route.schema ??= {}) as Record<string, unknown> & {
      response?: Record<string, unknown>;
    };
    const takesInput = ['body', 'querystring', 'params', 'headers'].some((k) => schema[k] !== undefined);
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(String(route.method));
    schema.response = {
      ...(takesInput || writes ? errors(400) : {}),
      ...(cfg.public ? {} : errors(401, 403)),
      ...schema.response,
    };
    if (route.method === 'HEAD') return;
    routes.push({
      method: String(route.method),
      url: route.url,
      public: cfg.public === true,
      roles: cfg.roles ?? [],
      scope: cfg.scope!,
      ...(typeof schema.summary === 'string' ? { summary: schema.summary } : {}),
      ...(Array.isArray(schema.tags) ? { tags: schema.tags as string[] } : {}),
      schema: schema as DeclaredRoute['schema'],
      hidden: schema.hide === true,
      config: { ...cfg },
    });
  });
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (cfg.public || !cfg.roles) return;
    req.principal = await opts.verifier.verify(req.headers.authorization);
    const allowed = cfg.roles;
    if (!req.principal.roles.some((r) => allowed.includes(r))) {
      throw new ForbiddenError(`this route allows ${allowed.join(', ')}`);
    }
  });

  if (opts.docs !== false) {
    await app.register(swagger, {
      openapi: {
        info: { title: `fivesoc ${opts.service}`, version: opts.version },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  const probe = { public: true, scope: { global: 'the process and its connections, no records' } } as const;
  const health = z.object({ status: z.string(), service: z.string() });
  app.get('/healthz', { config: probe, schema: { hide: true, response: { 200: health } } }, async () => ({
    status: 'ok',
    service: opts.service,
  }));

  const readiness = z.object({
    ready: z.boolean(),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
  });
  const readyzSchema = { hide: true, response: { 200: readiness, 503: readiness } };
  app.get('/readyz', { config: probe, schema: readyzSchema }, async (_req, reply) => {
    const results = await Promise.all(
      opts.readiness.map(async (c): Promise<readonly [string, { ok: boolean; error?: string }]> => {
        try {
          await c.check();
          return [c.name, { ok: true }] as const;
        } catch (err) {
          return [c.name, { ok: false, error: (err as Error).message }] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r.ok);
    return reply.status(ready ? 200 : 503).send({ ready, checks: Object.fromEntries(results) });
  });

  app.get(
    '/v1/whoami',
    {
      config: { roles: ROLES, scope: 'own' },
      schema: {
        summary: 'The caller as this service sees it: subject, roles and data scope',
        tags: ['service'],
        response: {
          200: z.object({
            subject: z.string(),
            roles: z.array(z.enum(ROLES)),
            scope: z.object({ level: z.string(), code: z.string() }),
          }),
        },
      },
    },
    async (req) => req.principal,
  );

  app.get(
    '/v1/service',
    {
      config: {
        roles: ['ops', 'district_admin'],
        scope: { global: 'facts about the service process (version, database, topic), no records' },
      },
      schema: {
        summary: 'Service facts for operators: version, uptime, owned database and topic',
        tags: ['service'],
        response: {
          200: z
            .object({ service: z.string(), version: z.string(), uptimeSeconds: z.number(), node: z.string() })
            .catchall(z.unknown()),
        },
      },
    },
    async () => ({
      service: opts.service,
      version: opts.version,
      uptimeSeconds: Math.round(process.uptime()),
      node: process.version,
      ...opts.info?.(),
    }),
  );

  return app;
}

export { FivesocError };
