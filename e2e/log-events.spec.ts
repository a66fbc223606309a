import { expect, test } from "./support/test";
import { expectAccessible, login, openInstance } from "./support/session";

test("a DROP found in the log: marked on the timeline, restore to just before it, and the provenance names the transaction left out", async ({
  page,
}) => {
  await login(page, "demo");
  await openInstance(page, "billing-pg");
  const panel = page.getByRole("region", { name: /Destructive changes in the log/ });
  await expect(panel.getByTestId("log-event")).toHaveCount(1);
  await expect(panel).toContainText("DROP public.invoices_archive");
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("DROP / TRUNCATE");
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(page.getByTestId("backup-timeline-chart")).toContainText("DROP public.invoices_archive");

  await panel.getByRole("button", { name: "Restore to just before this" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("lsn")).toMatch(/^\d+$/);
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await expect(page.getByTestId("just-before")).toContainText(/Stops just before transaction \d+ \(DROP public\.invoices_archive/);
  await expectAccessible(page);
  await page.screenshot({ path: ".tmp/playwright-results/log-events.png", fullPage: true });

  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore billing-pg/ });
  await expect(dialog.getByTestId("dialog-just-before")).toContainText("DROP public.invoices_archive");
  await expect(dialog.getByTestId("api-call")).toContainText('"lsn":"');
  await dialog.getByLabel("New instance name").fill("billing-pg-before-drop");
  await dialog.getByRole("button", { name: "Restore into new instance" }).click();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 30_000 });
  await expect(page.getByTestId("provenance-excluded")).toBeVisible();
  await page.screenshot({ path: ".tmp/playwright-results/log-events-restored.png", fullPage: true });
  await expect(page.getByTestId("provenance-excluded")).toContainText(
    /Left out: transaction \d+, which dropped public\.invoices_archive at .*, and everything after it\./,
  );

  // Choosing another point by hand drops "just before".
  await openInstance(page, "billing-pg");
  await panel.getByRole("button", { name: "Restore to just before this" }).click();
  await expect(page.getByTestId("just-before")).toBeVisible();
  await page.getByRole("button", { name: "Latest restorable" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("lsn")).toBeNull();
  await expect(page.getByTestId("just-before")).toHaveCount(0);

  // An LSN typed by hand, in PostgreSQL's hi/lo form: refused when it is not one, used when it is.
  const lsnInput = page.getByLabel("Or stop just before an LSN (optional)");
  await lsnInput.fill("yesterday");
  await lsnInput.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Type an LSN as PostgreSQL writes it" })).toBeVisible();
  await lsnInput.fill("0/10");
  await lsnInput.press("Enter");
  await expect.poll(() => new URL(page.url()).searchParams.get("lsn")).toBe("16");
  await expect(page.getByTestId("just-before")).toHaveText(
    "Stops just before LSN 16: the record there and everything after it are left out.",
  );
});
