import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendApiAs } from './backendApi';
import { failOnBrowserErrors } from './browserErrors';

// A new service from the TypeScript golden-path template, through the portal as a guest: the
// form (OwnerPicker, EntityPicker, choices), the review, the running task and its log, and the
// result: a real git repository on the portal's disk (runway:publish:local; scripts/e2e.sh
// sets scaffolder.runway.localPublish.enabled) registered in the catalog. No network: the
// template's steps render files, check them and commit them, nothing is installed.

failOnBrowserErrors();

const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: `test-results/screenshots/golden-path-create-${name}.png`,
    fullPage: true,
  });

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).first().click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Picks `option` in a Material UI Autocomplete (OwnerPicker, EntityPicker) labelled `label`. */
async function pickEntity(
  page: Page,
  label: string,
  search: string,
  option: RegExp,
) {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

/** Picks `option` in a Material UI select labelled `label`. */
async function pickOption(page: Page, label: RegExp, option: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });

test('create a TypeScript service from the golden path into a local git repository', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Unique per run, so the test can run again on the same portal.
  const name = `e2e-svc-${Date.now().toString(36)}`;

  await signInAsGuest(page);
  await page.goto('/create');
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'TypeScript HTTP service' });
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/typescript-service/,
  );

  // Step 1: Service.
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Created by the golden-path browser test.');
  await pickEntity(page, 'Owner', 'payments', /Payments|team-payments/);
  await pickEntity(
    page,
    'System',
    'payments',
    /Payments Platform|payments-platform/,
  );
  await screenshot(page, '1-form-service');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: Operations.
  await pickOption(
    page,
    /Tier/,
    'Tier 1: customer-facing, critical (99.95% availability SLO)',
  );
  await page
    .getByRole('textbox', { name: 'PagerDuty service id' })
    .fill('P8Z1X4M');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: Repository: where it would live on GitHub, and publish locally instead.
  await page.getByRole('textbox', { name: 'Owner' }).fill('runway-demo');
  await page.getByRole('textbox', { name: 'Repository' }).fill(name);
  await pickOption(
    page,
    /Publish to/,
    'Local git repository (demo/evaluation)',
  );
  await screenshot(page, '2-form-repository');
  await page.getByRole('button', { name: 'Review' }).click();

  // Review: what was entered, before anything runs.
  const review = page.getByRole('table');
  const reviewRow = (label: string) =>
    review.getByRole('row').filter({
      has: page.getByRole('cell', { name: label, exact: true }),
    });
  await expect(reviewRow('Name')).toContainText(name);
  await expect(reviewRow('Owner')).toContainText('group:default/team-payments');
  await expect(reviewRow('System')).toContainText(
    'system:default/payments-platform',
  );
  await expect(reviewRow('Tier')).toContainText('Tier 1');
  await expect(reviewRow('Publish to')).toContainText(
    'Local git repository (demo/evaluation)',
  );
  await expect(reviewRow('Repository location')).toContainText(
    `github.com?owner=runway-demo&repo=${name}`,
  );
  await screenshot(page, '3-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step, then the output links once it completes.
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+/);
  const repositoryLink = page.getByRole('link', { name: 'Repository' });
  await expect(repositoryLink).toBeVisible({ timeout: 120_000 });
  for (const step of [
    'Generate the service',
    'Record template origin and version',
    'Check golden-path conformance',
    'Publish to a local git repository',
    'Register the local repository in the catalog',
  ]) {
    await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  }
  // A finished task shows its log; "Show logs" is there when the page hides it.
  const showLogs = page.getByRole('button', { name: /show logs/i });
  if (await showLogs.isVisible()) {
    await showLogs.click();
  }
  // The log view renders only the lines in view: search it for the lines that matter.
  const logSearch = page.getByPlaceholder('Search');
  const expectLogLine = async (search: string, line: RegExp) => {
    await logSearch.fill(search);
    await expect(page.getByText(line).first()).toBeVisible();
  };
  await expectLogLine(
    'Committed',
    /Committed [0-9a-f]{7} to main of \S+; clone it with: git clone/,
  );
  // The hosted-publishing steps are skipped by their if: conditions.
  await expectLogLine('publish-github', /Skipping step publish-github/);
  await expectLogLine('register-delivery', /Skipping step register-delivery/);
  await logSearch.fill('');
  await screenshot(page, '4-task-completed');

  // The repository the task output links to: a git repository on this machine with one commit.
  const href = await repositoryLink.getAttribute('href');
  expect(href).toMatch(/^file:\/\//);
  const repo = fileURLToPath(href!);
  const dataDir = process.env.RUNWAY_DATA_DIR;
  if (dataDir) {
    // scripts/e2e.sh's portal keeps its data (and so the repositories) in RUNWAY_DATA_DIR.
    expect(relative(join(dataDir, 'local-repositories'), repo)).toBe(name);
  }
  expect(existsSync(join(repo, '.git'))).toBe(true);
  expect(git(repo, 'log', '--format=%s', 'main').trim()).toBe(
    `Create ${name} from a Runway golden-path template`,
  );
  const files = git(repo, 'ls-files').trim().split('\n');
  for (const file of [
    'catalog-info.yaml',
    'package.json',
    'Dockerfile',
    '.github/workflows/ci.yml',
    'monitoring/alerts.yaml',
    'deploy/base/kustomization.yaml',
  ]) {
    expect(files).toContain(file);
  }
  const catalogInfo = readFileSync(join(repo, 'catalog-info.yaml'), 'utf8');
  expect(catalogInfo).toContain(`name: ${name}`);
  expect(catalogInfo).toMatch(/owner: (group:default\/)?team-payments/);
  expect(catalogInfo).toContain(
    'runway.dev/template: template:default/typescript-service',
  );
  // The version recorded is the template's own, as the drift check will compare it.
  const templateVersion = /runway\.dev\/template-version: (\S+)/.exec(
    readFileSync(
      join(__dirname, '../../../templates/typescript-service/template.yaml'),
      'utf8',
    ),
  )?.[1];
  expect(templateVersion).toMatch(/^\d+\.\d+\.\d+$/);
  expect(catalogInfo).toMatch(
    new RegExp(`runway\\.dev/template-version: "?${templateVersion}"?\\n`),
  );
  // Everything generated is committed: the working tree is clean.
  expect(git(repo, 'status', '--porcelain')).toBe('');
  expect(catalogInfo).toContain(`github.com/project-slug: runway-demo/${name}`);

  // Registered: the catalog link opens the new component, once the catalog has processed the
  // registered location (on its own schedule: seconds, longer on a busy machine). Opened before,
  // the page says "not found" and does not look again.
  const api = await backendApiAs();
  await expect
    .poll(
      async () =>
        (
          await api.get(
            `/api/catalog/entities/by-name/component/default/${name}`,
          )
        ).status(),
      { timeout: 120_000, message: `${name} in the catalog` },
    )
    .toBe(200);
  await api.dispose();
  await page.getByRole('link', { name: 'Open in catalog' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name }).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByRole('heading', { name: 'About', exact: true }),
  ).toBeVisible();
  await screenshot(page, '5-catalog');
});
