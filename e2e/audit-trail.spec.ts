import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { expectAccessible, login, openInstance } from "./support/session";

test("an admin sees a member's restore in the audit trail, with its outcome, and exports it", async ({ browser }) => {
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await login(member, "demo");
  const id = await openInstance(member, "orders-db");
  const timeline = (await (await member.request.get(`/api/instances/${id}/timeline`)).json()) as { recoverable: { end: string }[] };
  const point = timeline.recoverable.at(-1)!.end;
  const key = `e2e-audit-${Date.now()}`;
  const restored = await member.request.post(`/api/instances/${id}/restores`, {
    headers: { "Idempotency-Key": key, "X-Requested-With": "trove-pitr-dashboard", Origin: "http://127.0.0.1:3100" },
    data: { mode: "new", point_in_time: point, name: "audited-copy" },
  });
  expect(restored.status()).toBe(202);
  const newId = ((await restored.json()) as { restore: { instanceId: string } }).restore.instanceId;
  // What the restore tracker does: watch the new instance until it settles.
  await member.request.get(`/api/instances/${newId}/status?stream=1`, { timeout: 60_000 });
  // The member sees their project's activity (and only it), on a page that passes axe.
  await member.getByRole("link", { name: "Activity" }).click();
  await expect(member.getByText(/This project: the newest \d+ actions/)).toBeVisible();
  await expect(
    member
      .getByRole("row")
      .filter({ hasText: "audited-copy" })
      .or(member.getByRole("row").filter({ hasText: "orders-db" }))
      .first(),
  ).toBeVisible();
  await expectAccessible(member);
  await memberContext.close();

  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await login(page, "admin");
  await page.goto("/admin/recovery-overview");
  const section = page.getByRole("region", { name: "Audit trail" });
  const row = section.getByRole("row").filter({ hasText: "Restore into a new instance" }).filter({ hasText: "demo" }).first();
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: "orders-db" })).toBeVisible();
  await expect(row).toContainText(point.replace("T", " ").replace("Z", ""));
  await expect(row).toContainText("ACTIVE");

  const download = page.waitForEvent("download");
  await section.getByRole("button", { name: /Export audit CSV/ }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^requested_utc,action,user,/);
  expect(csv).toContain(key);
  await adminContext.close();
});
