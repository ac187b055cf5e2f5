/** Opening the console in Chromium, and small waits the tests share. */
import assert from "node:assert/strict";
import { seriousA11yViolations } from "@tollgate/testkit/browser";
import type { Browser, BrowserContext, Page } from "playwright-core";

export async function openConsole(
  browser: Browser,
  url: string,
  apiKey: string,
  options: { width?: number; height?: number; before?: (context: BrowserContext) => Promise<void> } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  await options.before?.(context);
  const page = await context.newPage();
  // A failing step should fail in seconds, not hold the suite for Playwright's default 30 s.
  page.setDefaultTimeout(8000);
  await page.goto(`${url}/#key=${encodeURIComponent(apiKey)}`);
  await page.getByTestId("nav-policy").waitFor();
  return page;
}

/** Goes to a page through the navigation (as a person would), and waits for its heading. */
export async function goTo(page: Page, nav: string, title: string): Promise<void> {
  await page.getByTestId(`nav-${nav}`).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

export async function assertAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations)}`);
}

/** The page doesn't scroll sideways (wide content scrolls inside its own box). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
