/**
 * `npm run screenshots`: PNGs of the key screens for runbooks, into docs/screenshots/ (English) or
 * docs/screenshots/<locale>/ with SCREENSHOT_LOCALE=de. The embedded backend, the dashboard server
 * and the browser all run on one fixed, frozen clock, so every run produces the same images. Needs a
 * build (`npx next build`; done here when missing). What it clicks is found by the locale's own
 * catalog, so the script follows the words of the screens it takes.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { z } from "zod";
import { catalogs } from "../lib/i18n/catalogs";
import { LOCALES } from "../lib/i18n/locales";
import { startBackend } from "../test/helpers/backend";
import { startDashboard } from "../test/helpers/dashboard";
import { chromiumLaunch, troveAccess } from "../e2e/support/openstack";

const FIXED_NOW = "2026-11-20T10:00:00Z";
const RESTORE_SECONDS = 20;
const locale = z
  .enum(LOCALES, { message: `SCREENSHOT_LOCALE must be one of ${LOCALES.join(", ")}` })
  .default("en")
  .parse(process.env.SCREENSHOT_LOCALE || undefined);
const m = catalogs[locale];
const out = path.resolve(import.meta.dirname, "../docs/screenshots", locale === "en" ? "." : locale);
/** A message's words up to its first argument ("Gaps ({count})" → "Gaps ("), to find it whatever the values. */
const lead = (message: string) => message.split("{")[0]!;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function shot(page: Page, name: string): Promise<void> {
  // Let charts lay out and fonts settle; animations are off (reduced motion, no recharts animation).
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true, animations: "disabled", caret: "hide" });
  console.log(`  ${name}.png`);
}

async function login(page: Page, user: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(m.login.username).fill(user);
  await page.getByLabel(m.login.password).fill(user);
  await page.getByLabel(m.login.project).fill(user);
  await page.getByRole("button", { name: m.login.submit }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const backend = await startBackend({
    env: { EMBEDDED_NOW: FIXED_NOW, EMBEDDED_CLOCK: "frozen", EMBEDDED_RESTORE_SECONDS: String(RESTORE_SECONDS) },
  });
  const dashboard = await startDashboard({
    keystoneUrl: backend.keystoneUrl,
    env: { DASHBOARD_NOW: FIXED_NOW, STATUS_POLL_MS: "300", I18N_STRICT: "1" },
  });
  const browser = await chromium.launch({ ...chromiumLaunch, args: [...chromiumLaunch.args, "--font-render-hinting=none"] });
  try {
    const context = await browser.newContext({
      baseURL: dashboard.url,
      viewport: { width: 1400, height: 900 },
      timezoneId: "Europe/Berlin",
      locale: locale === "en" ? "en-GB" : locale,
      reducedMotion: "reduce",
      colorScheme: "light",
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(FIXED_NOW));
    console.log(`Screenshots at ${FIXED_NOW} (Europe/Berlin) into ${out}`);

    await page.goto("/login");
    await shot(page, "01-login");
    await login(page, "demo");
    await page.getByRole("link", { name: "billing-pg", exact: true }).waitFor();
    await shot(page, "02-instances");

    await page.getByRole("link", { name: "billing-pg", exact: true }).click();
    await page.getByRole("heading", { name: new RegExp(`^${escape(lead(m.lists.gaps))}`) }).waitFor();
    await shot(page, "03-timeline-with-gap");

    const id = /instances\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.goto(`/project/instances/${id}?range=24h&at=2026-11-20T06%3A30%3A15Z`);
    await page.getByText(m.verdict.ok).waitFor();
    await shot(page, "04-point-chosen");

    await page.getByRole("button", { name: m.recovery.restoreHere }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(m.dialog.name).fill("billing-pg-before-incident");
    await shot(page, "05-restore-dialog");

    await dialog.getByRole("button", { name: m.dialog.submitNew }).click();
    await page.waitForURL(/\/restores\//);
    await page.getByTestId("restore-status").getByText("BUILD").waitFor();
    await shot(page, "06-restore-in-progress");

    // The frozen backend clock moves only when told: finish the restore.
    const admin = await troveAccess(backend.keystoneUrl, "admin");
    const moved = await fetch(`${admin.endpoint}/mgmt/clock`, {
      method: "POST",
      headers: { "X-Auth-Token": admin.token, "Content-Type": "application/json" },
      body: JSON.stringify({ clock: { advance_seconds: RESTORE_SECONDS } }),
    });
    if (moved.status !== 200) throw new Error(`could not advance the backend clock: ${moved.status}`);
    await page.getByTestId("restore-status").getByText("ACTIVE").waitFor({ timeout: 30_000 });
    await shot(page, "07-restore-done");

    // The next restore's estimate rests on the one just seen.
    await page.goto(`/project/instances/${id}?range=24h&at=2026-11-20T06%3A30%3A15Z`);
    await page.getByRole("button", { name: m.recovery.restoreHere }).click();
    await page
      .getByRole("dialog")
      .getByTestId("restore-estimate")
      .getByText(new RegExp(`^${escape(lead(m.estimate.estimate))}`))
      .waitFor();
    await shot(page, "10-restore-estimate");

    // The moment before the mistake: a DROP found in the log, chosen, with the data preview beside it.
    await page.goto(`/project/instances/${id}?range=7d`);
    await page
      .getByRole("region", { name: new RegExp(escape(lead(m.logEvents.title))) })
      .getByRole("button", { name: m.logEvents.restoreBefore })
      .click();
    await page.getByTestId("just-before").waitFor();
    await shot(page, "09-just-before-a-drop");

    await context.clearCookies();
    await login(page, "admin");
    await page.goto("/admin/recovery-overview");
    await page.getByRole("table", { name: m.overview.caption }).waitFor();
    await shot(page, "08-admin-overview");
  } finally {
    await browser.close();
    await dashboard.stop();
    await backend.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
