// The steps every lab spec starts with: open the app, connect to the lab's context, pick a service.
import { expect, type Page } from '@playwright/test';

/** Open the app (optionally in English: the language is a remembered setting) and connect to `context`. */
export async function openContext(page: Page, url: string, context: string, opts: { english?: boolean } = {}): Promise<void> {
  await page.goto(url);
  if (opts.english) await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId(`context-${context}`).click();
  await expect(page.getByTestId(`context-${context}`).getByTestId('context-status')).toContainText('connected');
}

/** Pick a service (namespace/name) and wait for its prediction. */
export async function pickService(page: Page, key: string): Promise<void> {
  await page.getByTestId(`service-${key}`).click();
  await expect(page.getByTestId('topology-source')).toContainText(`Prediction for ${key}`);
}
