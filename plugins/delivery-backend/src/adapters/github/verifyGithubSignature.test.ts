import { sign } from '@octokit/webhooks-methods';
import { verifyGithubSignature } from './verifyGithubSignature';

describe('verifyGithubSignature', () => {
  const secret = 'It is a secret to everybody';
  const body = JSON.stringify({
    zen: 'Keep it logically awesome.',
    hook_id: 1,
  });

  it('accepts the signature GitHub computes for the raw body', async () => {
    const signature = await sign(secret, body);
    await expect(
      verifyGithubSignature(secret, body, signature),
    ).resolves.toEqual({ valid: true });
    await expect(
      verifyGithubSignature(secret, Buffer.from(body, 'utf8'), signature),
    ).resolves.toEqual({ valid: true });
  });

  it('rejects a body changed after signing', async () => {
    const signature = await sign(secret, body);
    await expect(
      verifyGithubSignature(secret, `${body} `, signature),
    ).resolves.toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('rejects a signature made with another secret', async () => {
    const signature = await sign('another secret', body);
    await expect(
      verifyGithubSignature(secret, body, signature),
    ).resolves.toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it.each([
    [undefined, 'missing-credential'],
    ['', 'missing-credential'],
    ['sha1=0123456789abcdef0123456789abcdef01234567', 'malformed-credential'],
    ['sha256=abc', 'malformed-credential'],
    [['sha256=a', 'sha256=b'], 'malformed-credential'],
  ])('rejects header %p as %s', async (header, reason) => {
    await expect(verifyGithubSignature(secret, body, header)).resolves.toEqual({
      valid: false,
      reason,
    });
  });

  it('rejects an empty body', async () => {
    const signature = await sign(secret, body);
    await expect(verifyGithubSignature(secret, '', signature)).resolves.toEqual(
      {
        valid: false,
        reason: 'mismatch',
      },
    );
  });

  it('refuses to verify without a configured secret', async () => {
    const signature = await sign(secret, body);
    await expect(verifyGithubSignature('', body, signature)).resolves.toEqual({
      valid: false,
      reason: 'missing-secret',
    });
  });
});
