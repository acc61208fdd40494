import { AuthenticationError } from '@backstage/errors';
import { GithubOidcVerifier } from './GithubOidcVerifier';
import {
  createTestKey,
  signOidcToken,
  startTestOidcIssuer,
  TestKey,
} from './__testUtils__/testOidcIssuer';

describe('GithubOidcVerifier', () => {
  let oidc: Awaited<ReturnType<typeof startTestOidcIssuer>>;
  let key: TestKey;

  beforeAll(async () => {
    oidc = await startTestOidcIssuer();
    key = await createTestKey('key-1');
  });
  afterAll(() => oidc.close());
  beforeEach(() => oidc.publish(key));

  const verifier = (jwksCooldownMs?: number) =>
    new GithubOidcVerifier({
      issuer: oidc.issuer,
      audience: 'runway-delivery',
      jwksUrl: oidc.jwksUrl,
      jwksCooldownMs,
    });

  it('gives the repository of a valid token and downloads the keys once', async () => {
    const subject = verifier();
    const token = await signOidcToken(key, {
      issuer: oidc.issuer,
      repository: 'octo-org/payments',
    });
    const before = oidc.jwksRequests;
    expect(subject.isIssuedBy(token)).toBe(true);
    await expect(subject.verify(token)).resolves.toEqual({
      provider: 'github',
      repository: 'octo-org/payments',
      via: 'github-oidc',
    });
    await subject.verify(token);
    await subject.verify(token);
    expect(oidc.jwksRequests - before).toBe(1);
  });

  it.each([
    ['a wrong audience', { audience: 'someone-else' }, /"aud"/],
    [
      'an expired token',
      { expiresAt: Math.floor(Date.now() / 1000) - 3600 },
      /"exp"/,
    ],
    ['no repository claim', { repository: undefined }, /no repository claim/],
  ])('refuses %s', async (_what, overrides, message) => {
    const token = await signOidcToken(key, {
      issuer: oidc.issuer,
      repository: 'octo-org/payments',
      ...overrides,
    });
    const error = await verifier()
      .verify(token)
      .catch(e => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(message);
  });

  it('does not take a token of another issuer for its own', async () => {
    const token = await signOidcToken(key, {
      issuer: 'https://token.actions.example.com',
      repository: 'octo-org/payments',
    });
    expect(verifier().isIssuedBy(token)).toBe(false);
    expect(verifier().isIssuedBy('not-a-jwt')).toBe(false);
    await expect(verifier().verify(token)).rejects.toThrow(/"iss"/);
  });

  it('refuses a token signed with a key the issuer does not publish', async () => {
    const forged = await createTestKey('key-1');
    const token = await signOidcToken(forged, {
      issuer: oidc.issuer,
      repository: 'octo-org/payments',
    });
    await expect(verifier().verify(token)).rejects.toThrow(
      /signature verification failed/,
    );
  });

  it('refetches the keys for an unknown key id and accepts it after a rotation', async () => {
    const subject = verifier(0);
    await subject.verify(
      await signOidcToken(key, { issuer: oidc.issuer, repository: 'o/r' }),
    );
    const rotated = await createTestKey('key-2');
    const token = await signOidcToken(rotated, {
      issuer: oidc.issuer,
      repository: 'octo-org/payments',
    });

    const before = oidc.jwksRequests;
    await expect(subject.verify(token)).rejects.toThrow(AuthenticationError);
    expect(oidc.jwksRequests - before).toBe(1);

    oidc.publish(key, rotated);
    await expect(subject.verify(token)).resolves.toMatchObject({
      repository: 'octo-org/payments',
    });
    expect(oidc.jwksRequests - before).toBe(2);
  });

  it('does not download the keys again for every unknown key id', async () => {
    const subject = verifier();
    await subject.verify(
      await signOidcToken(key, { issuer: oidc.issuer, repository: 'o/r' }),
    );
    const before = oidc.jwksRequests;
    for (let i = 0; i < 5; i++) {
      const token = await signOidcToken(await createTestKey(`forged-${i}`), {
        issuer: oidc.issuer,
        repository: 'o/r',
      });
      await expect(subject.verify(token)).rejects.toThrow(AuthenticationError);
    }
    expect(oidc.jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('says the keys cannot be read when the issuer is unreachable', async () => {
    const subject = new GithubOidcVerifier({
      issuer: oidc.issuer,
      audience: 'runway-delivery',
      jwksUrl: 'http://127.0.0.1:9/.well-known/jwks',
    });
    const token = await signOidcToken(key, {
      issuer: oidc.issuer,
      repository: 'o/r',
    });
    await expect(subject.verify(token)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });
});
