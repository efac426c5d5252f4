import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An OIDC provider in miniature: an RSA key pair, its JWKS served over HTTP, and RS256 tokens. */
export class TestIssuer {
  readonly issuer = 'https://idp.test.example';
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  private server: Server | undefined;
  jwksUrl = '';

  constructor(readonly keyId = 'test-key-1') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' };
  }

  async start(): Promise<void> {
    this.server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [this.jwk] }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** A signed token; claims override the defaults (an hour of validity, this issuer). */
  token(claims: Record<string, unknown>, signer: KeyObject = this.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = encode({ alg: 'RS256', typ: 'JWT', kid: this.keyId });
    const payload = encode({ iss: this.issuer, iat: now, exp: now + 3600, ...claims });
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), signer).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

/** An HS256 token signed with a shared secret. */
export function hs256Token(secret: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ iat: now, exp: now + 3600, ...claims });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function otherRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}
