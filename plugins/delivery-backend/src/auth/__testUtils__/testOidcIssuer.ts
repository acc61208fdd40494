import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A signing key of the test issuer. */
export interface TestKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

export async function createTestKey(kid: string): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * A stand-in for https://token.actions.githubusercontent.com: serves the keys it is given at
 * `<issuer>/.well-known/jwks` and counts the downloads.
 */
export async function startTestOidcIssuer() {
  const state = { keys: [] as JWK[], jwksRequests: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks') {
      res.writeHead(404).end();
      return;
    }
    state.jwksRequests += 1;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks`,
    /** The keys published from now on (a rotation). */
    publish(...keys: TestKey[]) {
      state.keys = keys.map(key => key.jwk);
    },
    get jwksRequests() {
      return state.jwksRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/** An ID token like the ones GitHub Actions issues, with overrides. */
export async function signOidcToken(
  key: TestKey,
  options: {
    issuer: string;
    audience?: string;
    repository?: string;
    /** Seconds since the epoch. */
    expiresAt?: number;
  },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    ...(options.repository !== undefined
      ? { repository: options.repository }
      : {}),
    repository_owner: options.repository?.split('/')[0],
    ref: 'refs/heads/main',
    sub: `repo:${options.repository}:ref:refs/heads/main`,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(options.issuer)
    .setAudience(options.audience ?? 'runway-delivery')
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(key.privateKey);
}
