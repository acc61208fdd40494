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

/**
 * Waits until the backend has imported the generated demo FOCUS file, which it does shortly
 * after it starts (a few minutes at most on a busy machine): the pages that show cost show the
 * empty state until then. `api` calls as a user who may read the import history (an admin).
 * A dev backend restarts when its sources change, so a refused connection means "not yet".
 */
export async function waitForDemoCost(api: APIRequestContext): Promise<void> {
  const demoImported = async () => {
    try {
      const response = await api.get('/api/cost/imports?source=runway-demo');
      if (!response.ok()) {
        return false;
      }
      const imports = await response.json();
      return imports.items.some(
        (item: { status: string }) => item.status === 'succeeded',
      );
    } catch {
      return false;
    }
  };
  await expect
    .poll(demoImported, { timeout: 180_000, intervals: [2_000] })
    .toBe(true);
}
