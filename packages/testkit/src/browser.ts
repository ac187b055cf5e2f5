/** Debian's Chromium driven by playwright-core, with the flags this machine needs. */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * `false` when Chromium is installed; otherwise the reason browser tests are skipped, printed so a
 * newcomer knows what to install. (CI installs it, so there they always run.)
 */
export const browserSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH); browser tests skipped`;
if (browserSkip) console.log(`# ${browserSkip}`);

export const ARTIFACTS = resolve(import.meta.dirname, "..", "..", "..", "test-artifacts");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations of serious or critical impact on the current page. */
export async function seriousA11yViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string }[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses injected script tags.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; help: string }[] }> };
      }
    ).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
