import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * Browser tests of every package with an `e2e-tests/` folder, on Debian's Chromium
 * (Playwright cannot download its own browsers on machines without internet).
 * Run them with `bash scripts/e2e.sh`, which starts a throw-away portal first;
 * `npm test` runs them as its last step.
 */
export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.RUNWAY_E2E_REPORT ?? 'test-results/playwright.json',
      },
    ],
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.RUNWAY_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // scripts/e2e.sh gives runs on non-default ports their own folder (Playwright empties it).
  outputDir:
    process.env.RUNWAY_E2E_ARTIFACTS ?? 'test-results/playwright-artifacts',
  // Every package's e2e-tests/ folder; the browser is the Chromium above, not a channel.
  projects: generateProjects().map(({ use, ...project }) => ({
    ...project,
    use: { ...use, channel: undefined },
  })),
});
