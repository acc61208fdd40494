import { verify } from '@octokit/webhooks-methods';
import type { WebhookAuthentication } from '../types';

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;

/**
 * Checks the HMAC-SHA256 signature GitHub sends in `X-Hub-Signature-256` over the exact bytes
 * of the request body (compare before any JSON parsing). The comparison is constant-time.
 */
export async function verifyGithubSignature(
  secret: string,
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
): Promise<WebhookAuthentication> {
  // The request is judged before the secret, so that a route without one refuses callers
  // for the same reasons, in the same words, as a route with one.
  if (signatureHeader === undefined || signatureHeader === '') {
    return { valid: false, reason: 'missing-credential' };
  }
  if (
    typeof signatureHeader !== 'string' ||
    !SIGNATURE_FORMAT.test(signatureHeader)
  ) {
    return { valid: false, reason: 'malformed-credential' };
  }
  if (!secret) {
    return { valid: false, reason: 'missing-secret' };
  }
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  if (body.length === 0) {
    // Nothing was signed that could be ingested; the library refuses empty payloads too.
    return { valid: false, reason: 'mismatch' };
  }
  const valid = await verify(secret, body, signatureHeader);
  return valid ? { valid: true } : { valid: false, reason: 'mismatch' };
}
