import { expect, test } from "./support/test";
import { expectAccessible, login, openInstance } from "./support/session";

test("login → instance → pick a point on the timeline → restore into a new instance → ACTIVE", async ({ page }) => {
  await login(page, "demo");
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  await expect(page.getByRole("link", { name: "orders-db", exact: true })).toBeVisible();
  await expectAccessible(page);

  const id = await openInstance(page, "orders-db");
  // Zoom and point live in the URL, yet changing them renders nothing again on the server (that would
  // read Trove again) and never mounts the screen afresh (that would drop what the user typed).
  const pageRequests: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/project/instances/${id}`) pageRequests.push(r.url());
  });
  const heading = page.getByRole("heading", { level: 1, name: "orders-db" });
  await heading.evaluate((el) => el.setAttribute("data-mounted-once", ""));
  await page.getByRole("button", { name: "Last 24 h" }).click();
  await expect(page).toHaveURL(/range=24h/);
  const chart = page.getByTestId("backup-timeline-chart");
  await expect(chart.locator("svg")).toBeVisible();
  // Halfway along the last 24 h: well inside orders-db's covered history.
  await expect(async () => {
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.6);
    await expect(page).toHaveURL(/at=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}Z/, { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  expect(pageRequests).toEqual([]);
  await expect(heading).toHaveAttribute("data-mounted-once", "");
  await expect(page.getByTestId("commit-time-note")).toContainText("Recovery targets are commit times");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore orders-db/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Base backup")).toBeVisible();
  await expect(dialog.getByTestId("api-call")).toContainText(`/api/instances/${id}/restores`);
  await dialog.getByLabel("New instance name").fill("orders-db-e2e-restored");
  await expectAccessible(page);
  const submit = dialog.getByRole("button", { name: "Restore into new instance" });
  // A double click makes one restore (the button disables, and the idempotency key is shared).
  await submit.dblclick();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("restore-status")).toContainText(/BUILD|ACTIVE/);
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 30_000 });
  await expect(page.getByText(/is ACTIVE, with the data as of/)).toBeVisible();
  // The proof by data: where it came from, and where it really ends (the simulated engine's last
  // commit is a fraction of a second before the point).
  const provenance = page.getByTestId("restore-provenance");
  await expect(provenance).toContainText(
    /Restored from backup .+ of instance orders-db, to \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} .+ \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\), timeline \d+\./,
  );
  await expect(provenance).toContainText(
    /The data's last transaction committed at \d{2}:\d{2}:\d{2}\.\d{3} .+ \(\d{2}:\d{2}:\d{2}\.\d{3} UTC\), 0\.\d{3} s before the chosen point\./,
  );
  await expectAccessible(page);

  // It survives a reload, and there is exactly one new instance.
  await page.reload();
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE");
  await expect(page.getByTestId("restore-provenance")).toContainText("before the chosen point");
  // The new instance's own recovery screen says the same.
  await page.getByRole("link", { name: "Open the new instance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "orders-db-e2e-restored" })).toBeVisible();
  await expect(page.getByTestId("restore-provenance")).toContainText(/Restored from backup .+ of instance orders-db/);
  await page.goto("/project/instances");
  await expect(page.getByRole("link", { name: "orders-db-e2e-restored", exact: true })).toHaveCount(1);
});
