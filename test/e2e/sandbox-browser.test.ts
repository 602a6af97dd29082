// The sandbox as a person uses it, in headless Chromium: the page, the bot
// behind it (in this process, on a throwaway database), and what each demo
// user sees. Screenshots go to .test-tmp/screenshots/ to be looked at.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getIndicator } from "../../src/db/indicators.js";
import { recentMeasurements } from "../../src/db/measurements.js";
import { describePeriod } from "../../src/domain/period.js";
import { formatValue } from "../../src/domain/value.js";
import { createLogger } from "../../src/log.js";
import { LEFT_FOR_THE_RECORDER } from "../../src/sandbox/demo-data.js";
import { ADMIN, OWNER, READER, RECORDER } from "../../src/sandbox/demo-users.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/start.js";
import { type Browser, ensureChromium, openBrowser } from "../support/browser.js";
import { tmpDir } from "../support/cli.js";

let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  await ensureChromium();
  sandbox = await startSandbox({
    port: 0,
    databaseUrl: `file:${join(tmpDir("sandbox-"), "sandbox.db")}`,
    fresh: true,
    env: { TIMEZONE: "Europe/London", LOG_LEVEL: "error" },
    log: createLogger("silent"),
  });
  browser = await openBrowser();
  await browser.page.goto(sandbox.url);
  await browser.page.waitForSelector("body[data-ready=true]");
}, 15 * 60_000); // a fresh machine installs Chromium first

// Nothing the bot sent would real Slack refuse (a modal opened late is the busy machine's doing, not the bot's).
afterEach(() => expect(sandbox.slack.violations.filter((v) => !/trigger_id used after/.test(v))).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const page = () => browser.page;

async function actAs(userId: string): Promise<void> {
  await page().selectOption("#as-user", userId);
  await page().waitForFunction((id) => document.querySelector<HTMLSelectElement>("#as-user")?.value === id, userId);
}

async function openChannel(): Promise<void> {
  await page()
    .getByRole("button", { name: /improvement-board/ })
    .click();
  await page().waitForSelector("#messages-panel:not([hidden])");
}

/** Type in the composer and press Enter, as someone at a keyboard does. */
async function type(text: string): Promise<void> {
  const input = page().locator("#composer-input");
  await input.fill(text);
  await input.press("Enter");
  await page().waitForFunction(() => document.querySelector<HTMLInputElement>("#composer-input")?.value === "");
}

/** The newest message whose text matches, once it is there; its text as a person reads it. */
async function message(text: string | RegExp): Promise<{ li: Locator; text: string }> {
  const li = page().locator("#messages > li").filter({ hasText: text }).last();
  await li.waitFor();
  return { li, text: ((await li.textContent()) ?? "").replace(/\s+/g, " ") };
}

async function textOf(selector: string): Promise<string> {
  return ((await page().locator(selector).textContent()) ?? "").replace(/\s+/g, " ");
}

const focused = () => page().evaluate(() => document.activeElement?.id || document.activeElement?.className || "");

/** Wait until the element's text contains this (Playwright's own waiting, without its test runner). */
async function waitForText(selector: string, text: string): Promise<void> {
  await page().locator(selector).filter({ hasText: text }).first().waitFor();
}

async function latestFigure(key: string): Promise<string> {
  const indicator = (await getIndicator(sandbox.ctx.db, key))!;
  const [m] = await recentMeasurements(sandbox.ctx.db, key, 1);
  return `${formatValue(m!.value, indicator.unit, m!.base, m!.numerator)} in ${describePeriod(m!.period)}`;
}

/** axe-core's WCAG 2.1 AA rules (contrast, labels, roles…) on the page as it is now. */
async function accessibilityProblems(): Promise<string[]> {
  const loaded = await page().evaluate(() => "axe" in window);
  if (!loaded) {
    // Through the debugger, so the page's own Content-Security-Policy need not allow it.
    await page().evaluate(readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"));
  }
  return page().evaluate(async () => {
    type Axe = { run(o: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> };
    const r = await (window as unknown as { axe: Axe }).axe.run({ runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] });
    return r.violations.map((v) => `${v.id} (${v.help}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

describe("the sandbox page", () => {
  it("says plainly that it is a local demonstration with demonstration data, and has no accessibility violations", async () => {
    const banner = await textOf("#demo-banner");
    expect(banner).toContain("Local demonstration, not Slack");
    expect(banner).toContain("made-up demonstration figure");
    expect(await accessibilityProblems()).toEqual([]);
  });

  it("answers /kpi cp-plans with the latest figure, only to the person who asked, using the keyboard alone", async () => {
    await actAs(READER.id);
    await openChannel();
    // After a reload (which keeps who and where), Tab from the top reaches the skip link; it jumps to the message box.
    await page().reload();
    await page().waitForSelector("body[data-ready=true]");
    expect(await page().locator("#as-user").inputValue()).toBe(READER.id);
    await page().keyboard.press("Tab");
    expect(await focused()).toBe("skip-link");
    await page().keyboard.press("Enter");
    expect(await focused()).toBe("composer-input");
    await page().keyboard.type("/kpi cp-plans");
    await page().keyboard.press("Enter");
    // This reply, not the digest's scorecard line (the digest may have run first: tests run in any order).
    const reply = await message(/in reply to \/kpi cp-plans[\s\S]*Children subject to a child protection plan/);
    expect(reply.text).toContain(await latestFigure("cp-plans"));
    expect(reply.text).toContain("Only visible to you");
    expect(reply.text).toContain("made-up demonstration figure");
    await browser.screenshot("sandbox-1-kpi-cp-plans");
    await actAs(ADMIN.id); // nobody else sees another person's ephemeral reply
    await page().locator("#messages").filter({ hasNotText: "in reply to /kpi cp-plans" }).waitFor();
  });

  it("records a figure for the recorder and confirms it", async () => {
    await actAs(RECORDER.id);
    await openChannel(); // wherever the last test left the page
    await type(`/kpi ${LEFT_FOR_THE_RECORDER} 431`);
    const reply = await message(`Recorded 431 for ${LEFT_FOR_THE_RECORDER}`);
    expect(reply.text).toContain("Only visible to you");
    await browser.screenshot("sandbox-2-recorded");
    const [m] = await recentMeasurements(sandbox.ctx.db, LEFT_FOR_THE_RECORDER, 1);
    expect(m).toMatchObject({ value: 431, recordedBy: RECORDER.id });
  });

  it("refuses the reader, and records nothing", async () => {
    const [before] = await recentMeasurements(sandbox.ctx.db, LEFT_FOR_THE_RECORDER, 1);
    await actAs(READER.id);
    await openChannel();
    await type(`/kpi ${LEFT_FOR_THE_RECORDER} 400`);
    const reply = await message("only admins and the recorders");
    expect(reply.text).toContain(`Sorry, only admins and the recorders of ${LEFT_FOR_THE_RECORDER} can record it`);
    await browser.screenshot("sandbox-3-refused");
    const [after] = await recentMeasurements(sandbox.ctx.db, LEFT_FOR_THE_RECORDER, 1);
    expect(after).toEqual(before);
  });

  it("runs the weekly digest when asked, with its chart inline and its alt text", async () => {
    await actAs(ADMIN.id);
    await openChannel();
    await page()
      .getByRole("button", { name: /Move the clock to .*Digest #1/ })
      .click();
    await waitForText("#run-report", "Sent: digest #1 to the channel");
    const digest = await message("Exceptions (red, worsening or special-cause concern)");
    expect(digest.text).toContain("Exceptions");
    expect(await digest.li.getByRole("heading", { level: 3 }).first().textContent()).toContain("Board scorecard");
    await page().locator("#run-report-close").click();
    await digest.li.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await browser.screenshot("sandbox-4-digest");
    // Making Data Count's icons beside each exception's verdict, in words too: uploaded by the bot, shown from the sandbox's files.
    const verdict = digest.li
      .locator(".bk-context")
      .filter({ has: page().locator("img.bk-context-image") })
      .first();
    await verdict.scrollIntoViewIfNeeded();
    expect(await verdict.textContent()).toMatch(/^SPC: (Common cause|Special cause) variation/);
    expect(await verdict.locator("img").first().getAttribute("alt")).toMatch(
      /^(Common cause variation|Special cause (improvement|concern|variation), (higher|lower))/,
    );
    await page().waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>("#messages img.bk-context-image")].every((i) => i.complete && i.naturalWidth > 0),
    );
    await browser.screenshot("sandbox-4c-digest-icons");
    const image = page().locator("#messages .file-image img").last();
    await image.waitFor();
    expect(await image.getAttribute("alt")).toMatch(/figures to/);
    await image.scrollIntoViewIfNeeded();
    await page().waitForFunction(() => {
      const img = [...document.querySelectorAll<HTMLImageElement>("#messages .file-image img")].at(-1);
      return img?.complete && img.naturalWidth > 0;
    });
    const alt = page().locator("#messages details.file-alt").last();
    await alt.locator("summary").click();
    expect(await alt.textContent()).toContain("figures to");
    await browser.screenshot("sandbox-4b-digest-chart");
    expect(await accessibilityProblems()).toEqual([]);
  });

  it("sends the owner a reminder, whose Done button opens a modal and updates the message in place", async () => {
    await page()
      .getByRole("button", { name: /Move the clock to .*Weekly action reminders/ })
      .click();
    await waitForText("#run-report", `action reminder to ${OWNER.name}`);
    await actAs(OWNER.id);
    await page()
      .getByRole("button", { name: /Board Bot/ })
      .click();
    const reminder = await message("Improvement plan:");
    const done = reminder.li.getByRole("button", { name: "Done" }).first();
    await done.waitFor();
    await browser.screenshot("sandbox-5-reminder");
    await done.click();
    const dialog = page().getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.getByRole("heading", { level: 2 }).textContent()).toContain("Done:");
    await dialog.getByLabel("Evidence of impact (optional)").fill("Backlog cleared: 94% within 45 days");
    await browser.screenshot("sandbox-6-modal");
    await dialog.getByRole("button", { name: "Record" }).click();
    await dialog.waitFor({ state: "hidden" });
    const answered = await message("Recorded: Done: Backlog cleared: 94% within 45 days");
    expect(answered.text).toContain("(edited)");
    expect(answered.text).toContain("Improvement plan:");
    await browser.screenshot("sandbox-7-reminder-answered");
  });

  it("opens the App Home tab, and shows a modal's error without recording anything", async () => {
    const atRisk = await sandbox.ctx.db.action.count({ where: { status: "at_risk" } });
    await actAs(OWNER.id);
    await page()
      .getByRole("button", { name: /Board Bot/ })
      .click();
    await page().getByRole("tab", { name: "Home" }).click();
    const home = page().locator("#home");
    await home.getByRole("heading", { name: "Your improvement plan actions" }).waitFor();
    await home.getByRole("heading", { name: "Indicators at a glance" }).waitFor();
    await browser.screenshot("sandbox-8-home");
    // The verdicts of the indicators that need attention beside their icons, and every verdict by icon under the list.
    const verdict = home
      .locator(".bk-context")
      .filter({ has: page().locator("img.bk-context-image") })
      .first();
    await verdict.scrollIntoViewIfNeeded();
    expect(await verdict.textContent()).toMatch(/^SPC: /);
    await home.locator(".bk-context", { hasText: /^SPC Common cause: / }).waitFor();
    await page().waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>("#home img.bk-context-image")].every((i) => i.complete && i.naturalWidth > 0),
    );
    await browser.screenshot("sandbox-8b-home-icons");
    expect(await accessibilityProblems()).toEqual([]);
    await home.getByRole("button", { name: "At risk" }).first().click();
    const dialog = page().getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Record" }).click();
    await dialog.locator(".bk-error", { hasText: "Say briefly why" }).waitFor();
    expect(await dialog.locator("textarea").getAttribute("aria-invalid")).toBe("true");
    await browser.screenshot("sandbox-9-modal-error");
    expect(await accessibilityProblems()).toEqual([]);
    await page().keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await sandbox.ctx.db.action.count({ where: { status: "at_risk" } })).toBe(atRisk);
  });
});
