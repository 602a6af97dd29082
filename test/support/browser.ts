// Headless Chromium for the browser tests: Debian's package, driven by
// playwright-core (which downloads no browser of its own), installed by
// ensure-chromium.sh when missing.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { TMP_DIR } from "./template-db.js";

const run = promisify(execFile);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(TMP_DIR, "screenshots");

export async function ensureChromium(): Promise<void> {
  const script = fileURLToPath(new URL("./ensure-chromium.sh", import.meta.url));
  await run("bash", [script], { timeout: 15 * 60_000 });
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(TMP_DIR, "chromium-")); // a fresh profile each run
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(60_000); // a busy 2-core machine renders charts and runs the bot meanwhile
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    context,
    async screenshot(name) {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    close: () => context.close(),
  };
}
