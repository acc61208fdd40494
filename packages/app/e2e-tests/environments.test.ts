import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failOnBrowserErrors } from './browserErrors';

// Self-service environments in the embedded portal, signed in as the guest (a member of
// team-platform): request a preview of `identity` (owned by team-platform: approved
// automatically), see it provisioned into the local GitOps repository, extend it, destroy it;
// then request a staging environment of `payments` (owned by team-payments), which waits for
// that team's approval and which the guest may not approve.

failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/environments-${name}.png`,
    fullPage: true,
  });

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible().catch(() => false)) {
    await enter.click();
  }
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

test('a staging environment of another team waits for that team and the guest cannot approve it', async ({
  page,
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
    .fill('release rehearsal');
  await expect(dialog.getByTestId('environment-estimate')).toContainText(
    "Needs approval by the service's owning team.",
  );
  await dialog.getByRole('button', { name: 'Request environment' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: /payments-staging-/ });
  await expect(row.getByText('Pending approval')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  await page.goto('/environments');
  await expect(
    page.getByRole('row').filter({ hasText: /payments-staging-/ }),
  ).toContainText('Pending approval');
  await page.getByRole('tab', { name: /Pending my approval/ }).click();
  await expect(page.getByText('Nothing waits for your approval')).toBeVisible();
  await screenshot(page, '5-pending-approval');
});
