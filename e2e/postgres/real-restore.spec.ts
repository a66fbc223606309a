import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "../support/test";
import { logEventsResponseSchema, timelineResponseSchema } from "../../lib/api/schemas";
import { troveAccess } from "../support/openstack";
import { login } from "../support/session";

const exec = promisify(execFile);
const KEYSTONE = "http://127.0.0.1:5300/v3";

test("on real PostgreSQL: choose a second in the calendar, restore, watch BUILD → ACTIVE, read where the data ends", async ({ page }) => {
  await login(page, "demo");

  await page.goto("/project/instances");
  await page.getByRole("link", { name: "billing-pg", exact: true }).click();
  await page.waitForURL(/\/project\/instances\/[0-9a-f-]{36}/);
  const id = page.url().match(/instances\/([0-9a-f-]{36})/)![1]!;

  // The live cluster needs its first scheduled backup and some archived log before anything is recoverable.
  let end = 0;
  await expect(async () => {
    const timeline = timelineResponseSchema.parse(await (await page.request.get(`/api/instances/${id}/timeline`)).json());
    const last = timeline.recoverable.at(-1);
    expect(last).toBeTruthy();
    end = Date.parse(last!.end);
    expect(end - Date.parse(last!.start)).toBeGreaterThanOrEqual(20_000);
  }).toPass({ timeout: 180_000, intervals: [2000] });

  const point = new Date(end - 8_000);
  const iso = point.toISOString().replace(/\.\d{3}Z$/, "Z");
  await page.goto(`/project/instances/${id}?tz=utc`);
  const day = point.getUTCDate();
  const month = point.toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  // The calendar speaks British English in an English UI ("Tuesday, 1 December 2026").
  await page.getByRole("button", { name: new RegExp(`\\b${day} ${month} ${point.getUTCFullYear()}\\b`) }).click();
  await page.getByLabel("Time, to the second (UTC)").fill(iso.slice(11, 19));
  await page.getByRole("button", { name: "Use this time" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("at")).toBe(iso);
  await expect(page.getByText("This point can be restored.")).toBeVisible();
  await expect(page.getByText(/Recovery targets are commit times/)).toBeVisible();

  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore billing-pg/ });
  await dialog.getByLabel("New instance name").fill("billing-pg-checked");
  await dialog.getByRole("button", { name: "Restore into new instance" }).click();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  const restoredId = page.url().match(/restores\/([0-9a-f-]{36})/)![1]!;
  await expect(page.getByTestId("restore-status")).toContainText(/BUILD|ACTIVE/);
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 120_000 });
  await expect(page.getByText(/Restored from backup .* of instance billing-pg/)).toBeVisible();
  const lastCommit = page.getByText(/The data's last transaction committed at .* before the chosen point\./);
  await expect(lastCommit).toBeVisible();
  await page.screenshot({ path: ".tmp/playwright-postgres-results/restored-provenance.png", fullPage: true });

  // The provenance is the data's: the restored database's newest row is the last one committed by the point.
  const access = await troveAccess(KEYSTONE, "demo");
  const headers = { "X-Auth-Token": access.token, Accept: "application/json" };
  const root = (await (await fetch(`${access.endpoint}/instances/${restoredId}/root`, { method: "POST", headers })).json()) as {
    user: { name: string; password: string };
  };
  const inst = (await (await fetch(`${access.endpoint}/instances/${restoredId}`, { headers })).json()) as {
    instance: { ip: string[]; restored_from: { last_commit_time: string } };
  };
  const conn = `host=${inst.instance.ip[0]} port=5432 user=${root.user.name} password=${root.user.password} dbname=app`;
  const maxAt = Date.parse(
    (
      await exec("/usr/lib/postgresql/15/bin/psql", [
        "-XAtq",
        conn,
        "-c",
        "SELECT to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM ticks",
      ])
    ).stdout.trim(),
  );
  expect(maxAt).toBeLessThanOrEqual(point.getTime());
  // A row every 0.3 s: the newest restored row is within a second of the point.
  expect(point.getTime() - maxAt).toBeLessThan(1000);
  expect(Math.abs(Date.parse(inst.instance.restored_from.last_commit_time) - maxAt)).toBeLessThan(50);
});

test("on real PostgreSQL: find a DROP on the timeline, preview before and after it, restore to just before it", async ({ page }) => {
  // A mistake on the live billing-pg cluster, made the way a user would: SQL over its address.
  const access = await troveAccess(KEYSTONE, "demo");
  const headers = { "X-Auth-Token": access.token, Accept: "application/json" };
  const list = (await (await fetch(`${access.endpoint}/instances`, { headers })).json()) as { instances: { id: string; name: string }[] };
  const id = list.instances.find((i) => i.name === "billing-pg")!.id;
  const inst = (await (await fetch(`${access.endpoint}/instances/${id}`, { headers })).json()) as { instance: { ip: string[] } };
  // Asked until it answers: the cluster may be busy a moment after the restore before (an archive push, a check).
  let root: { user: { name: string; password: string } } | undefined;
  await expect(async () => {
    const answer = await fetch(`${access.endpoint}/instances/${id}/root`, { method: "POST", headers });
    const body = (await answer.json()) as { user: { name: string; password: string } };
    expect(answer.status, JSON.stringify(body)).toBe(200);
    root = body;
  }).toPass({ timeout: 60_000, intervals: [1000] });
  const sql = (q: string) =>
    exec("/usr/lib/postgresql/15/bin/psql", [
      "-XAtq",
      `host=${inst.instance.ip[0]} port=5432 user=${root!.user.name} password=${root!.user.password} dbname=postgres`,
      "-c",
      q,
    ]);
  await sql("CREATE TABLE e2e_orders (id int PRIMARY KEY); INSERT INTO e2e_orders SELECT generate_series(1, 25)");
  // The engine learns table names from the running cluster every few seconds.
  await new Promise((r) => setTimeout(r, 4000));
  await sql("DROP TABLE e2e_orders");

  await login(page, "demo");
  await page.goto(`/project/instances/${id}?range=24h`);
  const panel = page.getByRole("region", { name: /Destructive changes in the log/ });
  await expect(async () => {
    await page.reload();
    await expect(panel).toContainText("DROP public.e2e_orders", { timeout: 3000 });
  }).toPass({ timeout: 90_000, intervals: [2000] });
  // Points are whole seconds: the latest restorable one is after the drop only once the archive reaches a full
  // second past it (the segment holding the drop may have been switched just after it).
  const events = logEventsResponseSchema.parse(await (await page.request.get(`/api/instances/${id}/log-events`)).json());
  const dropAt = Date.parse(events.events.find((e) => e.relations.includes("public.e2e_orders"))!.time);
  await expect(async () => {
    const timeline = timelineResponseSchema.parse(await (await page.request.get(`/api/instances/${id}/timeline`)).json());
    expect(Date.parse(timeline.recoverable.at(-1)!.end)).toBeGreaterThan(dropAt + 2000);
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await page.reload();
  await expect(page.getByTestId("backup-timeline-chart")).toContainText("DROP public.e2e_orders");

  await panel.getByRole("listitem").filter({ hasText: "e2e_orders" }).getByRole("button", { name: "Restore to just before this" }).click();
  await expect(page.getByTestId("just-before")).toContainText("DROP public.e2e_orders");
  const preview = page.getByRole("region", { name: "Look at the data at this point" });
  await preview
    .getByLabel("Query (read-only, one SELECT)")
    .fill("SELECT count(*) AS e2e_orders FROM pg_class WHERE relname = 'e2e_orders'");
  await preview.getByRole("button", { name: "Run at the chosen point" }).click();
  await expect(preview.getByTestId("preview-result")).toHaveCount(1, { timeout: 120_000 });
  // A moment after the drop: the latest restorable point.
  await page.getByRole("button", { name: "Latest restorable" }).click();
  // The point lives in the URL: run once the screen has moved to it.
  await expect.poll(() => new URL(page.url()).searchParams.get("lsn")).toBeNull();
  await expect(page.getByTestId("just-before")).toHaveCount(0);
  await preview.getByRole("button", { name: "Run at the chosen point" }).click();
  await expect(preview.getByTestId("preview-result")).toHaveCount(2, { timeout: 120_000 });
  await expect(preview.getByTestId("preview-comparison")).toHaveText(/^e2e_orders: 1 just before LSN \d+, 0 at /);
  await page.screenshot({ path: ".tmp/playwright-postgres-results/preview.png", fullPage: true });

  // Back to just before the drop, and restore there.
  await panel.getByRole("listitem").filter({ hasText: "e2e_orders" }).getByRole("button", { name: "Restore to just before this" }).click();
  await expect(page.getByTestId("just-before")).toContainText("DROP public.e2e_orders");
  await page.getByRole("button", { name: "Restore to this point…" }).click();
  const dialog = page.getByRole("dialog", { name: /Restore billing-pg/ });
  await expect(dialog.getByTestId("dialog-just-before")).toContainText("DROP public.e2e_orders");
  await dialog.getByLabel("New instance name").fill("billing-pg-before-drop");
  await dialog.getByRole("button", { name: "Restore into new instance" }).click();
  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 120_000 });
  await expect(page.getByTestId("provenance-excluded")).toContainText(/Left out: transaction \d+, which dropped public\.e2e_orders at /);
  const restoredId = page.url().match(/restores\/([0-9a-f-]{36})/)![1]!;
  const r = (await (await fetch(`${access.endpoint}/instances/${restoredId}`, { headers })).json()) as { instance: { ip: string[] } };
  const rroot = (await (await fetch(`${access.endpoint}/instances/${restoredId}/root`, { method: "POST", headers })).json()) as {
    user: { name: string; password: string };
  };
  const count = await exec("/usr/lib/postgresql/15/bin/psql", [
    "-XAtq",
    `host=${r.instance.ip[0]} port=5432 user=${rroot.user.name} password=${rroot.user.password} dbname=postgres`,
    "-c",
    "SELECT count(*) FROM e2e_orders",
  ]);
  expect(count.stdout.trim()).toBe("25");
});
