import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** Who the test issuer signs in (it asks nobody: every authorization request is this user). */
export interface IssuerUser {
  sub: string;
  roles: string[];
  scope_level: string;
  scope_code: string;
}

export interface TestIssuer {
  url: string;
  /** Every token request, as the issuer received it (for PKCE assertions). */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });

/**
 * A small but real OpenID Connect issuer for tests: discovery, JWKS, an authorization endpoint that
 * requires PKCE S256, state and nonce, and a token endpoint that checks the code verifier, answers each
 * code once, and returns an RS256 ID token and an EdDSA access token with fivesoc's claims.
 */
export async function startTestIssuer(opts: {
  user: IssuerUser;
  clientId: string;
  audience: string;
}): Promise<TestIssuer> {
  const idKey = await generateKeyPair('RS256');
  const accessKey = await generateKeyPair('EdDSA');
  const jwks = {
    keys: [
      { ...(await exportJWK(idKey.publicKey)), kid: 'id-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(accessKey.publicKey)), kid: 'at-1', alg: 'EdDSA', use: 'sig' },
    ],
  };
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  const tokenRequests: URLSearchParams[] = [];
  let issuer = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (url.pathname === '/jwks') return json(200, jwks);
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      const missing = ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge'].find(
        (k) => !p.get(k),
      );
      if (missing || p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256') {
        return json(400, { error: 'invalid_request', error_description: missing ?? 'code + S256 required' });
      }
      if (p.get('client_id') !== opts.clientId) return json(400, { error: 'unauthorized_client' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        challenge: p.get('code_challenge') ?? '',
        nonce: p.get('nonce') ?? '',
        redirectUri: p.get('redirect_uri') ?? '',
      });
      const back = new URL(p.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') ?? '');
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      void body(req).then(async (text) => {
        const form = new URLSearchParams(text);
        tokenRequests.push(form);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          !grant ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('client_id') !== opts.clientId ||
          form.get('redirect_uri') !== grant.redirectUri ||
          challenge !== grant.challenge
        ) {
          return json(400, { error: 'invalid_grant' });
        }
        const idToken = await new SignJWT({ nonce: grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'id-1' })
          .setIssuer(issuer)
          .setSubject(opts.user.sub)
          .setAudience(opts.clientId)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(idKey.privateKey);
        const accessToken = await new SignJWT({
          roles: opts.user.roles,
          scope_level: opts.user.scope_level,
          scope_code: opts.user.scope_code,
        })
          .setProtectedHeader({ alg: 'EdDSA', kid: 'at-1' })
          .setIssuer(issuer)
          .setSubject(opts.user.sub)
          .setAudience(opts.audience)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(accessKey.privateKey);
        json(200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 3600 });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: issuer,
    tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
