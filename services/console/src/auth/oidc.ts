import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { FivesocError, type Logger } from '@fivesoc/service-kit';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUrl: string;
  scopes: string;
}

/** What the browser's sign-in is waiting for between /auth/login and /auth/callback. */
interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  createdAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;
const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * OpenID Connect authorization code flow with PKCE (S256), state and nonce, by `openid-client`. The
 * issuer's metadata is discovered at start and again on demand when it was unreachable then. Plain http
 * is allowed only for an issuer on loopback (a local test issuer).
 */
export class OidcSignIn {
  private configuration: oidc.Configuration | undefined;
  private discovering: Promise<oidc.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();

  private readonly settings: OidcSettings;
  private readonly logger: Logger;

  constructor(settings: OidcSettings, logger: Logger) {
    this.settings = settings;
    this.logger = logger;
  }

  /** Discovery; failures are logged and retried at the next sign-in (readiness reports them). */
  discover(): Promise<oidc.Configuration> {
    if (this.configuration) return Promise.resolve(this.configuration);
    this.discovering ??= (async () => {
      try {
        const auth = this.settings.clientSecret
          ? oidc.ClientSecretBasic(this.settings.clientSecret)
          : oidc.None();
        const config = await oidc.discovery(
          new URL(this.settings.issuer),
          this.settings.clientId,
          undefined,
          auth,
          LOOPBACK_HTTP.test(this.settings.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        );
        this.configuration = config;
        return config;
      } catch (err) {
        this.logger.warn({ err, issuer: this.settings.issuer }, 'OIDC discovery failed');
        throw new FivesocError(
          'UNAVAILABLE',
          `the sign-in issuer cannot be reached: ${(err as Error).message}`,
        );
      } finally {
        this.discovering = undefined;
      }
    })();
    return this.discovering;
  }

  get ready(): boolean {
    return this.configuration !== undefined;
  }

  /** Starts a sign-in: the issuer URL to send the browser to and the id of what it must come back with. */
  async start(): Promise<{ url: URL; loginId: string }> {
    const config = await this.discover();
    this.sweep();
    const pending: Pending = {
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      createdAt: Date.now(),
    };
    const loginId = randomBytes(32).toString('base64url');
    this.pending.set(loginId, pending);
    while (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, loginId };
  }

  /**
   * Finishes a sign-in: checks state, exchanges the code with the PKCE verifier, checks the ID token and
   * its nonce, and returns the access token (the bearer the fivesoc APIs verify). Each login id works once.
   */
  async finish(loginId: string | undefined, query: string): Promise<string> {
    const pending = loginId ? this.pending.get(loginId) : undefined;
    if (loginId) this.pending.delete(loginId);
    if (!pending || pending.createdAt + PENDING_TTL_MS < Date.now()) {
      throw new FivesocError(
        'UNAUTHENTICATED',
        'this sign-in was not started here or took too long: sign in again',
      );
    }
    const config = await this.discover();
    const current = new URL(this.settings.redirectUrl);
    current.search = query;
    let tokens: oidc.TokenEndpointResponse;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      this.logger.warn({ err }, 'OIDC code exchange refused');
      throw new FivesocError('UNAUTHENTICATED', `sign-in failed: ${(err as Error).message}`);
    }
    return tokens.access_token;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, p] of this.pending) if (p.createdAt + PENDING_TTL_MS < now) this.pending.delete(id);
  }
}
