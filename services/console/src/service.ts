import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import {
  buildHttpServer,
  ConfigError,
  createLogger,
  createTokenVerifier,
  loadConfig,
  signLocalToken,
  stopTelemetry,
  type HttpApp,
  type Logger,
} from '@fivesoc/service-kit';
import { OidcSignIn } from './auth/oidc.ts';
import { authRoutes } from './auth/routes.ts';
import { requireSession, SessionStore } from './auth/sessions.ts';
import {
  configSchema,
  devSignInEnabled,
  devSigningKeyFile,
  societiesOf,
  type ConsoleConfig,
} from './config.ts';
import { loadLinkageService } from './gateway/descriptor.ts';
import { forwardRoutes } from './gateway/forward.ts';
import { linkageRoutes, methodIndex } from './gateway/linkage.ts';
import { registerSecurityHeaders } from './security.ts';
import { staticRoutes } from './static.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call a console route: `required` a signed-in session (checked by the route, with the CSRF
     * header on state-changing methods), `none` anybody (how one signs in), `page` an app page (the shell
     * for anybody; 401 without a session except the sign-in and public pages). Every route declares it.
     */
    session?: 'required' | 'none' | 'page';
  }
}

/** 工作台: the web console's server. It holds no domain data: no database, no topic. */
export const service = {
  name: 'console',
  version: '0.1.0',
  defaultHttpPort: 4100,
} as const;

export interface RunningConsole {
  app: HttpApp;
  config: ConsoleConfig;
  logger: Logger;
  url: string;
  close(): Promise<void>;
}

function readKey(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `invalid configuration: ${variable} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Builds and starts the console: everything but signal handling, so tests can run it in-process too. */
export async function startConsole(env: NodeJS.ProcessEnv = process.env): Promise<RunningConsole> {
  const config = loadConfig(configSchema, env);
  const logger = createLogger({ service: service.name, level: config.LOG_LEVEL });
  if (config.AUTH_PUBLIC_KEY_FILE) readKey(config.AUTH_PUBLIC_KEY_FILE, 'AUTH_PUBLIC_KEY_FILE');
  const verifier = await createTokenVerifier(config);
  let linkageService;
  try {
    linkageService = loadLinkageService(config.LINKAGE_DESCRIPTOR_FILE);
  } catch (err) {
    throw new ConfigError(`invalid configuration: LINKAGE_DESCRIPTOR_FILE ${(err as Error).message}`);
  }

  const oidcConfigured = config.CONSOLE_OIDC_ISSUER !== undefined;
  if (oidcConfigured && config.CONSOLE_DEV_SIGN_IN) {
    logger.warn(
      'CONSOLE_DEV_SIGN_IN=1 is ignored: an OIDC issuer is configured, the development sign-in is refused',
    );
  }
  let devSigningKey: string | undefined;
  if (devSignInEnabled(config)) {
    const file = devSigningKeyFile(config);
    devSigningKey = readKey(file ?? '', 'CONSOLE_DEV_SIGNING_KEY_FILE');
    logger.warn(
      'development sign-in is on: anybody reaching this console can pick any role (native stack only)',
    );
  }
  const oidc = config.CONSOLE_OIDC_ISSUER
    ? new OidcSignIn(
        {
          issuer: config.CONSOLE_OIDC_ISSUER,
          clientId: config.CONSOLE_OIDC_CLIENT_ID ?? '',
          clientSecret: config.CONSOLE_OIDC_CLIENT_SECRET,
          redirectUrl: config.CONSOLE_OIDC_REDIRECT_URL ?? '',
          scopes: config.CONSOLE_OIDC_SCOPES,
        },
        logger,
      )
    : undefined;
  // Discovery at start; an issuer that is down now is tried again at the next sign-in.
  await oidc?.discover().catch(() => undefined);

  const sessions = new SessionStore(config.CONSOLE_MAX_SESSIONS);
  const app = await buildHttpServer({
    service: service.name,
    version: service.version,
    logger,
    verifier,
    docs: false,
    readiness: oidc
      ? [
          {
            name: 'oidc',
            check: async () => {
              await oidc.discover();
            },
          },
        ]
      : [],
    info: () => ({ sessions: sessions.size, linkage: config.LINKAGE_GRPC_URL }),
  });
  registerSecurityHeaders(app);
  app.addHook('onRoute', (route) => {
    if (/^\/(api|auth)\//.test(route.url) || route.url === '/*') {
      if (!route.config?.session) throw new Error(`console route ${route.url} must declare config.session`);
    }
  });

  authRoutes(app, {
    sessions,
    verifier,
    sessionTtlMs: config.CONSOLE_SESSION_TTL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    devSigningKey,
    oidcConfigured,
    oidc,
  });
  if (devSigningKey) {
    // A key that does not match the services' public key would sign people in to nothing: fail at boot.
    const probe = await signLocalToken(devSigningKey, {
      subject: 'console-probe',
      roles: ['ops'],
      scopeLevel: 'district',
      scopeCode: '000000',
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      expiresIn: '1m',
    }).catch(() => undefined);
    const ok = probe
      ? await verifier.verify(`Bearer ${probe}`).then(
          () => true,
          () => false,
        )
      : false;
    if (!ok) {
      throw new ConfigError(
        'invalid configuration: CONSOLE_DEV_SIGNING_KEY_FILE is not the private key of AUTH_PUBLIC_KEY_FILE',
      );
    }
  }

  app.get(
    '/api/linkage',
    {
      config: {
        public: true,
        session: 'required',
        scope: { global: "forwarded with the user's own token: the service behind decides and scopes" },
      },
      schema: { hide: true },
    },
    async (req) => {
      requireSession(sessions, req);
      return { service: linkageService.typeName, methods: methodIndex(linkageService) };
    },
  );
  const gateway = linkageRoutes(app, {
    service: linkageService,
    target: config.LINKAGE_GRPC_URL,
    sessions,
    timeoutMs: config.CONSOLE_RPC_TIMEOUT_MS,
  });
  forwardRoutes(app, { societies: societiesOf(config), sessions, timeoutMs: config.CONSOLE_RPC_TIMEOUT_MS });
  await staticRoutes(app, { dir: config.CONSOLE_STATIC_DIR, sessions });
  // Event streams never end by themselves: end them when the server closes, or shutdown would wait for them.
  app.addHook('preClose', async () => gateway.close());

  const url = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  logger.info({ url, devSignIn: devSigningKey !== undefined, oidc: oidcConfigured }, 'console listening');
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      sessions.close();
    })());
  return { app, config, logger, url, close };
}

/** The process entry point: start, and on SIGTERM/SIGINT drain and exit 0 within a bound; bad config exits 78. */
export async function runConsole(): Promise<void> {
  let running: RunningConsole;
  try {
    running = await startConsole();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service.name}: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const { logger } = running;
  closeWithGrace(
    { delay: running.config.SHUTDOWN_TIMEOUT_MS, logger },
    async ({ signal, err }: { signal?: string; err?: Error }) => {
      if (err) logger.error({ err }, 'shutting down after an error');
      else logger.info({ signal }, 'shutting down');
      await running.close();
      await stopTelemetry();
      logger.info('stopped');
    },
  );
}
