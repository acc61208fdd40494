import { test, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failOnBrowserErrors } from './browserErrors';

// Self-service environments in the embedded portal, signed in as the guest (a member of
// team-platform): request a preview of `identity` (owned by team-platform: approved
// automatically), see it provisioned into the local GitOps repository, extend it, destroy it;
// then request a staging environment of `payments` (owned by team-payments), which waits for
// that team's approval and which the guest may not approve; Amara Okafor of team-payments,
// signed in through the development-only `runway-demo` provider in a second browser context,
// approves it; the guest sees it ready, extends it and destroys it. Finally Kwame Mensah, a
// Runway admin (`runway.admins`, so holder of environments.request.manage) who is not in
// team-payments, finds another such request in his approval inbox and rejects it.

failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/environments-${name}.png`,
    fullPage: true,
  });

async function signIn(page: Page) {
  await page.goto('/');
  // Either the sign-in page or, when guest sign-in is remembered, the portal: wait for one
  // (a slow first load must not be mistaken for "already signed in").
  const enter = page.getByRole('button', { name: 'Enter' });
  const portal = page.getByRole('link', { name: 'Environments' }).first();
  await expect(enter.or(portal).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(portal).toBeVisible();
}

/** The commits of the portal's local GitOps repository, when this machine runs the portal. */
function gitopsLog(): string | undefined {
  const dataDir = process.env.RUNWAY_DATA_DIR;
  const repo = dataDir && join(dataDir, 'environments-gitops');
  if (!repo || !existsSync(join(repo, '.git'))) {
    return undefined;
  }
  return execFileSync('git', ['-C', repo, 'log', '--format=%s', 'main'], {
    encoding: 'utf8',
  });
}

test('request, extend and destroy a preview environment of a service', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/identity/environments');
  await page
    .getByRole('button', { name: 'Request an environment' })
    .first()
    .click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Service')).toHaveValue(
    'component:default/identity',
  );
  await dialog.getByRole('textbox', { name: 'Branch' }).fill('feature/e2e');
  await dialog.getByRole('textbox', { name: /Purpose/ }).fill('browser test');
  await expect(dialog.getByTestId('environment-estimate')).toContainText(
    'Estimate: $2.40 per day, $2.40 for 24 hours. Approved automatically.',
  );
  await screenshot(page, '1-request-form');
  await dialog.getByRole('button', { name: 'Request environment' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: /identity-preview-/ });
  await expect(row.getByText('Ready')).toBeVisible();
  await expect(
    row.getByRole('link', { name: /identity-preview-/ }),
  ).toHaveAttribute(
    'href',
    /^https:\/\/identity-preview-[0-9a-f]{6}\.env\.localhost$/,
  );
  await expect(row).toContainText(/in 2[34] hours/);
  await screenshot(page, '2-ready');
  const commits = gitopsLog();
  if (commits !== undefined) {
    expect(commits).toMatch(/^Provision environment identity-preview-/m);
  }

  await row.getByRole('button', { name: 'Extend' }).click();
  const extend = page.getByRole('dialog');
  await extend.getByLabel('Lifetime (hours)').fill('72');
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(extend).toBeHidden();
  await expect(row).toContainText(/in (2|3) days|in 7[12] hours/);
  await expect(row).toContainText('of $7.20 estimated');
  await screenshot(page, '3-extended');

  await row.getByRole('button', { name: 'Destroy' }).click();
  const destroy = page.getByRole('dialog');
  await expect(destroy).toContainText('This cannot be undone.');
  await destroy.getByRole('button', { name: 'Destroy' }).click();
  await expect(row.getByText('Destroyed')).toBeVisible();
  await screenshot(page, '4-destroyed');
  const after = gitopsLog();
  if (after !== undefined) {
    expect(after).toMatch(/^Destroy environment identity-preview-/m);
  }
});

/**
 * A second browser context signed in as a demo user through the development-only
 * `runway-demo` provider (scripts/e2e.sh turns it on): the portal's sign-in page reads the
 * user from `?runway-demo-user=` and the backend resolves it to the catalog User.
 */
async function signInAsDemoUser(browser: Browser, user: string, path: string) {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(`uncaught exception: ${error}`));
  page.on('console', msg => {
    if (msg.type() === 'error' && !msg.text().startsWith('Warning: ')) {
      errors.push(`console error: ${msg.text()}`);
    }
  });
  await page.goto(`${path}?runway-demo-user=${encodeURIComponent(user)}`);
  return { context, page, errors };
}

test('the demo provider signs in only catalog users', async ({ request }) => {
  const backend = process.env.RUNWAY_BACKEND_URL ?? 'http://localhost:7007';
  const amara = await request.get(`${backend}/api/auth/runway-demo/refresh`, {
    headers: { 'x-runway-demo-user': 'amara.okafor' },
  });
  expect(amara.status()).toBe(200);
  const body = await amara.json();
  expect(body.backstageIdentity.identity.userEntityRef).toBe(
    'user:default/amara.okafor',
  );
  expect(body.backstageIdentity.identity.ownershipEntityRefs).toContain(
    'group:default/team-payments',
  );
  const stranger = await request.get(
    `${backend}/api/auth/runway-demo/refresh`,
    { headers: { 'x-runway-demo-user': 'mallory' } },
  );
  expect(stranger.status()).toBe(404);
});

test('the sign-in page offers a demo user next to guest', async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  try {
    const page = await context.newPage();
    await page.goto('/settings');
    await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
    const form = page.getByRole('button', { name: 'Sign in as demo user' });
    await page.getByLabel('Demo user name').fill('amara.okafor');
    await screenshot(page, '0-sign-in-demo-user');
    await form.click();
    await expect(page.getByText('Amara Okafor').first()).toBeVisible();
    await expect(
      page.getByText('amara.okafor@runway-demo.example').first(),
    ).toBeVisible();
    // Remembered across a reload.
    await page.reload();
    await expect(page.getByText('Amara Okafor').first()).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a staging environment of another team waits for that team, is approved by a member, then extended and destroyed', async ({
  page,
  browser,
}) => {
  // Two people's sessions, provisioning and teardown: more than the default budget.
  test.slow();
  await signIn(page);
  await page.goto('/catalog/default/component/payments/environments');
  await page
    .getByRole('button', { name: 'Request an environment' })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /Preview/ }).click();
  await page.getByRole('option', { name: 'Staging' }).click();
  const purpose = `release rehearsal ${Date.now()}`;
  await dialog.getByRole('textbox', { name: /Purpose/ }).fill(purpose);
  await expect(dialog.getByTestId('environment-estimate')).toContainText(
    "Needs approval by the service's owning team.",
  );
  await dialog.getByRole('button', { name: 'Request environment' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: /payments-staging-/ });
  await expect(row.getByText('Pending approval')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  const name = (
    await row
      .getByText(/payments-staging-[0-9a-f]+/)
      .first()
      .innerText()
  ).match(/payments-staging-[0-9a-f]+/)![0];

  await page.goto('/environments');
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText(
    'Pending approval',
  );
  await page.getByRole('tab', { name: /Pending my approval/ }).click();
  await expect(page.getByText('Nothing waits for your approval')).toBeVisible();
  await screenshot(page, '5-pending-approval');

  // Amara Okafor, a member of team-payments, approves it in her own session.
  const amara = await signInAsDemoUser(
    browser,
    'amara.okafor',
    '/environments',
  );
  try {
    await amara.page.getByRole('tab', { name: /Pending my approval/ }).click();
    const pending = amara.page.getByRole('row').filter({ hasText: name });
    // Requested by the guest, waiting for team-payments. The requester shows as the user's
    // catalog display name ("Guest (demo user)") once the catalog answers, "guest" until then.
    await expect(pending).toContainText(/guest/i);
    await screenshot(amara.page, '6-approval-inbox');
    await pending.getByRole('button', { name: 'Approve' }).click();
    const approve = amara.page.getByRole('dialog');
    await expect(approve).toContainText(purpose);
    await approve
      .getByRole('textbox', { name: 'Reason' })
      .fill('go ahead for the rehearsal');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await expect(approve).toBeHidden();
    await amara.page.getByRole('tab', { name: /My teams'/ }).click();
    await expect(
      amara.page.getByRole('row').filter({ hasText: name }).getByText('Ready'),
    ).toBeVisible();
    await screenshot(amara.page, '7-approved-by-team');
    expect(amara.errors, 'the approver page logged errors').toEqual([]);
  } finally {
    await amara.context.close();
  }

  // Back as the guest who asked for it: ready, then extended and destroyed.
  await page.goto('/catalog/default/component/payments/environments');
  const ready = page.getByRole('row').filter({ hasText: name });
  await expect(ready.getByText('Ready')).toBeVisible();
  await expect(ready).toContainText(/in [67] days|in 16[78] hours/);
  await screenshot(page, '8-ready');
  const commits = gitopsLog();
  if (commits !== undefined) {
    expect(commits).toContain(`Provision environment ${name}`);
  }

  await ready.getByRole('button', { name: 'Extend' }).click();
  const extend = page.getByRole('dialog');
  await extend.getByLabel('Lifetime (hours)').fill('240');
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(extend).toBeHidden();
  await expect(ready).toContainText(/in (9|10) days/);
  await expect(ready).toContainText('of $48.00 estimated');
  await screenshot(page, '9-extended');

  await ready.getByRole('button', { name: 'Destroy' }).click();
  const destroy = page.getByRole('dialog');
  await destroy.getByRole('button', { name: 'Destroy' }).click();
  await expect(ready.getByText('Destroyed')).toBeVisible();
  await screenshot(page, '10-destroyed');
  const after = gitopsLog();
  if (after !== undefined) {
    expect(after).toContain(`Destroy environment ${name}`);
  }
});

test('a Runway admin rejects a request of a team he is not in', async ({
  page,
  browser,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/payments/environments');
  await page
    .getByRole('button', { name: 'Request an environment' })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /Preview/ }).click();
  await page.getByRole('option', { name: 'Staging' }).click();
  await dialog
    .getByRole('textbox', { name: /Purpose/ })
    .fill(`admin review ${Date.now()}`);
  await dialog.getByRole('button', { name: 'Request environment' }).click();
  await expect(dialog).toBeHidden();
  const row = page
    .getByRole('row')
    .filter({ hasText: /payments-staging-/ })
    .filter({ hasText: 'Pending approval' })
    .first();
  await expect(row).toBeVisible();
  const name = (await row.innerText()).match(/payments-staging-[0-9a-f]+/)![0];

  // Kwame Mensah (team-platform) is an admin: team-payments' request waits for him too.
  const kwame = await signInAsDemoUser(
    browser,
    'kwame.mensah',
    '/environments',
  );
  try {
    await kwame.page.getByRole('tab', { name: /Pending my approval/ }).click();
    const pending = kwame.page.getByRole('row').filter({ hasText: name });
    await pending.getByRole('button', { name: 'Reject' }).click();
    const reject = kwame.page.getByRole('dialog');
    await reject
      .getByRole('textbox', { name: /Reason/ })
      .fill('a preview is enough for this');
    await reject.getByRole('button', { name: 'Reject' }).click();
    await expect(reject).toBeHidden();
    await screenshot(kwame.page, '11-rejected-by-admin');
    expect(kwame.errors, 'the admin page logged errors').toEqual([]);
  } finally {
    await kwame.context.close();
  }

  await page.goto('/environments');
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText(
    'Rejected',
  );
});
