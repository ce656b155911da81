import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '@fivesoc/service-kit';

declare module 'fastify' {
  interface FastifyRequest {
    /** This response's CSP nonce: Ant Design's <style> elements carry it (index.html's csp-nonce meta). */
    cspNonce: string;
  }
}

/**
 * The Content-Security-Policy of every answer. Scripts only from this origin (no inline script, no eval);
 * styles from this origin or a <style> element carrying this response's nonce (Ant Design's CSS-in-JS);
 * no framing, no plugins, no <base>, forms and fetches back to this origin only.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The security headers of every answer (also written by hand on the event streams, which bypass hooks). */
export function securityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(nonce),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/** /api and /auth answers are never cached anywhere: they carry a person's data or a session. */
export const isApiOrAuth = (url: string): boolean => /^\/(api|auth)(\/|\?|$)/.test(url);

export function registerSecurityHeaders(app: HttpApp): void {
  app.decorateRequest('cspNonce', '');
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.cspNonce = randomBytes(16).toString('base64');
  });
  app.addHook('onSend', async (req, reply) => {
    for (const [k, v] of Object.entries(securityHeaders(req.cspNonce))) void reply.header(k, v);
    if (isApiOrAuth(req.url) || !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
  });
}
