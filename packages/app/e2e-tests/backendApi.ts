import { APIRequestContext, expect, request } from '@playwright/test';

// API calls of the browser tests, made as a signed-in user of the test portal so that they see
// what that user's pages see (the static CI tokens are restricted to writing one plugin's data).

export const BACKEND_URL =
  process.env.RUNWAY_BACKEND_URL ?? 'http://localhost:7007';

/**
 * A Backstage token of the guest, or of a demo user through the development-only `runway-demo`
 * provider (scripts/e2e.sh turns it on), e.g. `kwame.mensah`, a `runway.admins` member.
 */
export async function userToken(user: string = 'guest'): Promise<string> {
  const api = await request.newContext({ baseURL: BACKEND_URL });
  const provider = user === 'guest' ? 'guest' : 'runway-demo';
  let token: string | undefined;
  // A dev backend restarts when its sources change: retry until it answers.
  await expect
    .poll(
      async () => {
        try {
          const response = await api.get(`/api/auth/${provider}/refresh`, {
            headers: {
              'x-requested-with': 'XMLHttpRequest',
              ...(provider === 'runway-demo'
                ? { 'x-runway-demo-user': user }
                : {}),
            },
          });
          if (!response.ok()) {
            return response.status();
          }
          token = (await response.json()).backstageIdentity.token;
          return 200;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000 },
    )
    .toBe(200);
  await api.dispose();
  return token!;
}

/** A request context that calls the backend as `user` (default: the guest). */
export async function backendApiAs(
  user: string = 'guest',
): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: BACKEND_URL,
    extraHTTPHeaders: { Authorization: `Bearer ${await userToken(user)}` },
  });
}
