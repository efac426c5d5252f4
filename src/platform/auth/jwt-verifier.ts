import { AccessRole, isAccessRole, Principal } from '@incident-ledger/domain';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from './auth.errors';
import { TokenVerifier } from './authenticator';

export interface JwtSettings {
  /** Where the provider publishes its signing keys (RS256, ES256, EdDSA...). */
  jwksUrl?: string;
  /** A shared secret, for HS256 tokens. */
  secret?: string;
  issuer: string;
  audience: string;
  /** The claim holding the role(s), as a dotted path: `role`, `groups`, `realm_access.roles`. */
  roleClaim: string;
  /** Claim values to roles, such as `sre-oncall=RESPONDER,sre-admins=ADMIN`; role names map to themselves. */
  roleMap: Record<string, AccessRole>;
  /** Claims that name the person, in order of preference. */
  nameClaims: string[];
}

/** How far the token's times may be off from this server's clock. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Most powerful first: a token whose claim maps to several roles gets the most powerful. */
const ROLE_ORDER = [AccessRole.ADMIN, AccessRole.RESPONDER, AccessRole.VIEWER, AccessRole.INGEST];

export function parseRoleMap(value: string): Record<string, AccessRole> {
  const map: Record<string, AccessRole> = {};
  for (const pair of value.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const [claimValue, role] = pair.split('=').map((part) => part.trim());
    const upper = role?.toUpperCase();
    if (!claimValue || !isAccessRole(upper)) throw new Error(`"${pair}" is not claim-value=ROLE`);
    map[claimValue] = upper;
  }
  return map;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/**
 * Bearer tokens from an OIDC provider: signature (JWKS or shared secret),
 * issuer, audience, expiry (with 30 s of clock skew), then a claim mapped to
 * a role.
 */
export class JwtVerifier implements TokenVerifier {
  private readonly key: JWTVerifyGetKey | Uint8Array;
  private readonly algorithms: string[] | undefined;

  constructor(private readonly settings: JwtSettings) {
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
      this.algorithms = undefined;
    } else if (settings.secret) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256', 'HS384', 'HS512'];
    } else {
      throw new Error('JWT verification needs JWT_JWKS_URL or JWT_SECRET');
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = { issuer: this.settings.issuer, audience: this.settings.audience, clockTolerance: CLOCK_TOLERANCE_SECONDS, algorithms: this.algorithms };
      payload =
        this.key instanceof Uint8Array
          ? (await jwtVerify(token, this.key, options)).payload
          : (await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new UnauthenticatedError(`The bearer token was refused: ${describe(error)}`);
      throw error;
    }
    const role = this.roleOf(payload);
    if (!role) throw new UnauthenticatedError(`The bearer token's ${this.settings.roleClaim} claim names no role this server knows`);
    const name = this.settings.nameClaims.map((claim) => claimAt(payload, claim)).find((value) => typeof value === 'string' && value.length > 0);
    if (!payload.sub || typeof name !== 'string') throw new UnauthenticatedError('The bearer token names nobody (no sub or name claim)');
    // Valid as long as a request with it would be accepted: its expiry plus the clock skew allowed.
    const expiresAt = payload.exp === undefined ? {} : { expiresAt: (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 };
    return { id: `token:${payload.sub}`, name, role, kind: 'token', ...expiresAt };
  }

  private roleOf(payload: JWTPayload): AccessRole | undefined {
    const claim = claimAt(payload, this.settings.roleClaim);
    const values = (Array.isArray(claim) ? claim : [claim]).filter((value): value is string => typeof value === 'string');
    const roles = values.map((value) => this.settings.roleMap[value] ?? (isAccessRole(value.toUpperCase()) ? (value.toUpperCase() as AccessRole) : undefined));
    return ROLE_ORDER.find((role) => roles.includes(role));
  }
}

function describe(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `its ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no published key matches it';
  return error.code;
}
