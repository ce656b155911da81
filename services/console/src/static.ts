import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NotFoundError, type HttpApp } from '@fivesoc/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionOf, type SessionStore } from './auth/sessions.ts';

export interface StaticDeps {
  dir: string;
  sessions: SessionStore;
}

/**
 * Pages that load without a session: the sign-in page (the app at `/`) and the public disclosure
 * (阳光公示). Every other page path answers 401 without a session, with the same app shell as body, so the
 * app shows its sign-in there and continues at that address once signed in; no page carries data anyway,
 * the data comes from /api, which needs the session.
 */
export const PUBLIC_PAGES = ['/', '/index.html', '/sign-in', '/login', '/disclosure', '/public'];
const isPublicPage = (path: string) =>
  PUBLIC_PAGES.includes(path.replace(/\/+$/, '') || '/') || path.startsWith('/public/');

/** Vite's content-hashed output: safe to cache for a year. */
const HASHED = /^\/assets\//;

const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the browser gets while services/console/app has not been built yet (no inline script or style). */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>fivesoc 工作台 · console</title></head>
<body>
<h1>工作台尚未构建</h1>
<p>控制台服务正在运行，但前端应用还没有构建。请在仓库根目录运行：</p>
<pre>pnpm --filter @fivesoc/console-app build</pre>
<p>（<code>./fivesoc start</code> 会在应用源码比构建结果新时自动构建。）构建完成后刷新本页。</p>
<hr>
<h1 lang="en-US">The console app is not built yet</h1>
<p lang="en-US">The console server is running, but the web app has not been built. From the repository root run:</p>
<pre>pnpm --filter @fivesoc/console-app build</pre>
<p lang="en-US">(<code>./fivesoc start</code> builds it whenever its sources are newer than the build.) Reload this page afterwards.</p>
</body>
</html>
`;

/**
 * The built app from CONSOLE_STATIC_DIR: files as they are, any other GET path the app's index.html (SPA
 * fallback) with this response's CSP nonce in `<meta name="csp-nonce">`. /api and /auth never fall back.
 */
export async function staticRoutes(app: HttpApp, deps: StaticDeps): Promise<void> {
  const root = resolve(deps.dir);
  // `serve: false`: only reply.sendFile, from the root given per call (the folder may appear after start).
  await app.register(fastifyStatic, { root: import.meta.dirname, serve: false });

  let cached: { mtimeMs: number; html: string } | undefined;
  const indexHtml = (): string | undefined => {
    const file = resolve(root, 'index.html');
    try {
      const { mtimeMs } = statSync(file);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, 'utf8') };
      return cached.html;
    } catch {
      return undefined;
    }
  };
  const fileIn = (path: string): string | undefined => {
    const file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    try {
      return statSync(file).isFile() ? file.slice(root.length + 1) : undefined;
    } catch {
      return undefined;
    }
  };

  const page = (req: FastifyRequest, reply: FastifyReply, path: string) => {
    const html = indexHtml();
    void reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    if (html === undefined) return reply.status(503).send(NOT_BUILT_PAGE);
    const signedIn = sessionOf(deps.sessions, req) !== undefined;
    const meta = `<meta name="csp-nonce" content="${escapeAttr(req.cspNonce)}">`;
    const body = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}${meta}`) : meta + html;
    return reply.status(signedIn || isPublicPage(path) ? 200 : 401).send(body);
  };

  app.get(
    '/*',
    {
      config: { public: true, session: 'page', scope: { public: "the app's static files" } },
      schema: { hide: true },
    },
    async (req, reply) => {
      let path: string;
      try {
        path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/'));
      } catch {
        throw new NotFoundError('page', req.url);
      }
      if (/^\/(api|auth)(\/|$)/.test(path)) throw new NotFoundError('route', `GET ${path}`);
      if (path === '/' || path === '/index.html') return page(req, reply, path);
      const file = fileIn(path);
      if (file) {
        void reply.header(
          'cache-control',
          HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        return reply.sendFile(file, root, { cacheControl: false });
      }
      // A missing file (an old asset, a typo) is a 404, not the app's HTML under a script's name.
      if (HASHED.test(path) || /\.[A-Za-z0-9]{1,8}$/.test(path)) throw new NotFoundError('file', path);
      return page(req, reply, path);
    },
  );
}
