import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookAuthentication } from '../types';

/**
 * Checks the secret token GitLab sends in `X-Gitlab-Token`. Both values are hashed to a fixed
 * length before the constant-time comparison, so neither the content nor the length of the
 * expected token leaks through timing.
 */
export function verifyGitlabToken(
  expected: string,
  header: string | string[] | undefined,
): WebhookAuthentication {
  // The request is judged before the secret: see verifyGithubSignature.
  if (header === undefined || header === '') {
    return { valid: false, reason: 'missing-credential' };
  }
  if (typeof header !== 'string') {
    return { valid: false, reason: 'malformed-credential' };
  }
  if (!expected) {
    return { valid: false, reason: 'missing-secret' };
  }
  const matches = timingSafeEqual(digest(expected), digest(header));
  return matches ? { valid: true } : { valid: false, reason: 'mismatch' };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
