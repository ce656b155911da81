import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import { TOKEN_ALG, type Role, type ScopeLevel } from './auth.ts';

/**
 * A local signing key for the native stack and tests. Production verifies tokens from the district's
 * identity provider by JWKS; nothing here is used there.
 */
export interface LocalKeyFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

export async function ensureLocalKeys(dir: string): Promise<LocalKeyFiles> {
  const files = { privateKeyFile: join(dir, 'dev-private.pem'), publicKeyFile: join(dir, 'dev-public.pem') };
  if (existsSync(files.privateKeyFile) && existsSync(files.publicKeyFile)) return files;
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
  writeFileSync(files.privateKeyFile, await exportPKCS8(privateKey), { mode: 0o600 });
  writeFileSync(files.publicKeyFile, await exportSPKI(publicKey));
  return files;
}

export interface TokenClaims {
  subject: string;
  roles: Role[];
  scopeLevel: ScopeLevel;
  scopeCode: string;
  issuer?: string;
  audience?: string;
  /** e.g. '8h', '15m' */
  expiresIn?: string;
}

export async function signLocalToken(privateKeyPem: string, claims: TokenClaims): Promise<string> {
  const key = await importPKCS8(privateKeyPem, TOKEN_ALG);
  return new SignJWT({ roles: claims.roles, scope_level: claims.scopeLevel, scope_code: claims.scopeCode })
    .setProtectedHeader({ alg: TOKEN_ALG })
    .setSubject(claims.subject)
    .setIssuer(claims.issuer ?? 'fivesoc-local')
    .setAudience(claims.audience ?? 'fivesoc')
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}

export const readPem = (file: string): string => readFileSync(file, 'utf8');
