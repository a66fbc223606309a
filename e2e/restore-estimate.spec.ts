import { expect, test, type Page } from "./support/test";
import { timelineResponseSchema } from "../lib/api/schemas";
import { injectFault, login, openInstance } from "./support/session";

async function openDialog(page: Page, instance: string) {
  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(`Restore ${instance}`) });
  await expect(dialog).toBeVisible();
  return dialog;
}

// Project alt: no other journey restores there, so this one starts without history.
test("the dialog estimates a restore from the restores seen here, and the tracker flags one running late", async ({ page }) => {
  // The browser's clock runs normally until the test moves it on, to show a late restore without waiting.
  await page.clock.install();
  await login(page, "alt");
  await openInstance(page, "catalog-db");
  await page.getByRole("button", { name: "Latest restorable" }).click();
  await expect(page.getByText("This point can be restored.")).toBeVisible();

  let dialog = await openDialog(page, "catalog-db");
  await expect(dialog.getByTestId("restore-estimate")).toHaveText(
    /^No estimate yet: this dashboard has not seen a restore finish in this project\. [\d.]+ GB base \+ (no|\d+) incrementals?; writing those backups took .+\.$/,
  );
  await dialog.getByLabel("New instance name").fill("catalog-first");
  await dialog.getByRole("button", { name: "Restore into new instance" }).click();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 30_000 });

  // The next restore is estimated from that one (the e2e backend restores in 3 s).
  await page.getByRole("link", { name: "Back to the source instance" }).click();
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  dialog = await openDialog(page, "catalog-db");
  const estimate = dialog.getByTestId("restore-estimate");
  await expect(estimate).toHaveText(/^About \d+ s: [\d.]+ GB base \+ (no|\d+) incrementals?; the one restore seen here took \d+ s\.$/);
  await page.screenshot({ path: ".tmp/restore-estimate.png" });

  // A restore stretched by two minutes: on time at first, then flagged once well past the estimate.
  await injectFault({ path: "/instances", method: "POST", kind: "restore-slow", ms: 120_000, count: 1 });
  await dialog.getByLabel("New instance name").fill("catalog-slow");
  await dialog.getByRole("button", { name: "Restore into new instance" }).click();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}\?.*eta=\d+/);
  await expect(page.getByTestId("restore-elapsed")).toHaveText(/^\d+ s(,)? (of about|past the estimate of about) \d+ s$/);
  await expect(page.getByTestId("restore-late")).toHaveCount(0);
  await page.clock.fastForward("01:30");
  await expect(page.getByTestId("restore-late")).toHaveText(
    /^⚠ Taking much longer than expected: 1 min \d+ s so far against about \d+ s\./,
  );
  await expect(page.getByTestId("restore-status")).toContainText("BUILD");
  await page.screenshot({ path: ".tmp/restore-late.png" });
});

test("one click to just before the chosen point, moved back out of a gap with the move shown", async ({ page }) => {
  await login(page, "demo");
  const id = await openInstance(page, "billing-pg");
  const timeline = timelineResponseSchema.parse(await (await page.request.get(`/api/instances/${id}/timeline`)).json());
  // Thirty seconds into recoverable time after a hole: a minute before lands in the hole.
  const after = timeline.recoverable.find(
    (r, i) =>
      i > 0 &&
      Date.parse(r.start) - Date.parse(timeline.recoverable[i - 1]!.end) > 120_000 &&
      Date.parse(r.end) - Date.parse(r.start) > 60_000,
  )!;
  const before = timeline.recoverable[timeline.recoverable.indexOf(after) - 1]!;
  const chosen = new Date(Date.parse(after.start) + 30_000).toISOString().replace(".000Z", "Z");
  await page.goto(`/project/instances/${id}?at=${encodeURIComponent(chosen)}&tz=utc`);
  const points = page.getByTestId("just-before-points");
  await expect(points.getByRole("button", { name: "5 s before" })).toBeVisible();
  await expect(points.getByRole("listitem").filter({ hasText: "5 s before" })).toHaveText(
    `5 s before ${new Date(Date.parse(chosen) - 5000).toISOString().slice(11, 19)}`,
  );
  const minute = points.getByRole("listitem").filter({ hasText: "1 min before" });
  await expect(minute).toContainText(before.end.slice(11, 19));
  await expect(minute).toContainText(/moved \d+ (min|h).* earlier, to the last recoverable second before it/);

  await minute.getByRole("button").click();
  await expect(page).toHaveURL(new RegExp(`at=${encodeURIComponent(before.end)}`));
  await expect(page.getByText("This point can be restored.")).toBeVisible();
});
