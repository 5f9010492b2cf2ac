import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.
export const CHROMIUM_PATH = process.env.SNATSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testMatch: /.*\.browser\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        viewport: { width: 1400, height: 900 },
      },
    },
    {
      name: 'electron',
      testMatch: /.*\.electron\.spec\.ts$/,
    },
  ],
});
