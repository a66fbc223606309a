import { expect, test } from "./support/test";
import { timelineResponseSchema } from "../lib/api/schemas";
import { expectAccessible, injectFault, login, openInstance } from "./support/session";

test("a point in a log gap is refused inline, with the nearest recoverable points to jump to", async ({ page }) => {
  await login(page, "demo");
  const id = await openInstance(page, "billing-pg");
  const timeline = timelineResponseSchema.parse(await (await page.request.get(`/api/instances/${id}/timeline`)).json());
  const gap = timeline.gaps.find((g) => g.cause === "missing-segment")!;
  expect(gap).toBeTruthy();
  const mid = new Date((Date.parse(gap.start) + Date.parse(gap.end)) / 2);
  const iso = mid.toISOString().replace(/\.\d{3}Z$/, "Z");

  // Typed in UTC, to the second.
  await page.goto(`/project/instances/${id}?tz=utc`);
  await page.getByLabel("Date (UTC)").fill(iso.slice(0, 10));
  await page.getByLabel("Time, to the second (UTC)").fill(iso.slice(11, 19));
  await page.getByRole("button", { name: "Use this time" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("at")).toBe(iso);
  await expect(page.getByText("This point cannot be restored.")).toBeVisible();
  await expect(page.getByText(/gap/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore to this point…" })).toBeDisabled();
  await expect(page.getByRole("heading", { name: /Gaps \(/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: /Nearest before/ }).click();
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get("at")).toBe(gap.start);

  // The server refuses the gap too, whatever a browser sends: nothing reaches Trove.
  const refused = await page.request.post(`/api/instances/${id}/restores`, {
    headers: { "Idempotency-Key": "e2e-gap-check", "X-Requested-With": "trove-pitr-dashboard", Origin: "http://127.0.0.1:3100" },
    data: { mode: "new", point_in_time: iso },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe("point_not_recoverable");
});

test("in-place recovery is guarded by typing the instance name, then recovers to ACTIVE", async ({ page }) => {
  await login(page, "demo");
  await openInstance(page, "inventory-db");
  await page.getByRole("button", { name: "Latest restorable" }).click();
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore inventory-db/ });
  await dialog.getByLabel("Recover this instance in place").check();
  await expect(dialog.getByText("The current data of inventory-db after this point will be replaced.")).toBeVisible();
  const submit = dialog.getByRole("button", { name: "Recover in place" });
  await expect(submit).toBeDisabled();
  await dialog.getByLabel(/Type the instance name/).fill("inventory");
  await expect(submit).toBeDisabled();
  await dialog.getByLabel(/Type the instance name/).fill("inventory-db");
  await expect(submit).toBeEnabled();
  await expectAccessible(page);
  await submit.click();
  await page.waitForURL(/\/restores\/.*mode=in-place/);
  await expect(page.getByRole("heading", { name: /Recovery in place/ })).toBeVisible();
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 30_000 });
});

test("a reader sees everything and can restore or back up nothing", async ({ page }) => {
  await login(page, "viewer", "demo");
  await openInstance(page, "orders-db");
  await page.getByRole("button", { name: "Latest restorable" }).click();
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore to this point…" })).toBeDisabled();
  await expect(page.getByText(/Your role \(reader\) can look but not restore/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Back up now (full)" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "Recovery overview" })).toHaveCount(0);
  await expectAccessible(page);
});

test("an expired session returns to the same instance and point after signing in again", async ({ page }) => {
  await login(page, "demo");
  const id = await openInstance(page, "orders-db");
  await page.getByRole("button", { name: "Latest restorable" }).click();
  await expect(page).toHaveURL(/at=/);
  const here = new URL(page.url());
  // The next Trove call with the demo session's token finds it expired.
  await injectFault({ path: "/instances**", kind: "expire-token", count: 1 });
  await page.reload();
  await page.waitForURL(/\/login\?next=/);
  const next = new URL(new URL(page.url()).searchParams.get("next") ?? "", "http://x");
  expect(next.pathname).toBe(here.pathname);
  expect(next.searchParams.get("at")).toBe(here.searchParams.get("at"));
  await expect(page.getByText("Sign in to continue where you were.")).toBeVisible();
  await page.getByLabel("User name").fill("demo");
  await page.getByLabel("Password").fill("demo");
  await page.getByLabel("Project").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === `/project/instances/${id}`);
  expect(new URL(page.url()).searchParams.get("at")).toBe(here.searchParams.get("at"));
  await expect(page.getByText("This point can be restored.")).toBeVisible();
});
