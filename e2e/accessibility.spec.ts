import { expect, test } from "./support/test";
import { expectAccessible, login, openInstance } from "./support/session";

test("every page passes axe (no serious or critical violation), in light and dark mode", async ({ page }) => {
  // Every page twice, each with a full axe scan: 35–40 s on a loaded 2-core machine, too close to the default 60 s.
  test.setTimeout(150_000);
  await page.goto("/login");
  await expectAccessible(page);
  await login(page, "admin");
  for (const theme of ["light", "dark"]) {
    await page.evaluate((t) => localStorage.setItem("tpd-theme", t), theme);
    await page.goto("/project/instances");
    await expect(page.getByRole("link", { name: "ops-metrics-pg", exact: true })).toBeVisible();
    await expectAccessible(page);
    await openInstance(page, "ops-metrics-pg");
    await expect(page.getByRole("heading", { name: /Backups \(/ })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/project/backups");
    await expect(page.getByRole("table")).toBeVisible();
    await expectAccessible(page);
    await page.goto("/admin/recovery-overview");
    await expect(page.getByRole("table").first()).toBeVisible();
    await expectAccessible(page);
  }
});

test("the whole restore flow works from the keyboard", async ({ page }) => {
  await login(page, "admin");
  await openInstance(page, "audit-db");
  await page.getByRole("button", { name: "Latest restorable" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await page.getByRole("button", { name: "Restore to this point…" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // Focus moved into the modal dialog; Tab walks its fields and Escape closes it.
  await page.keyboard.press("Tab");
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
