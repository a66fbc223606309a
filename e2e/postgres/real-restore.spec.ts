import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { timelineResponseSchema } from "../../lib/api/schemas";
import { troveAccess } from "../support/openstack";

const exec = promisify(execFile);
const KEYSTONE = "http://127.0.0.1:5300/v3";

test("on real PostgreSQL: choose a second in the calendar, restore, watch BUILD → ACTIVE, read where the data ends", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("User name").fill("demo");
  await page.getByLabel("Password").fill("demo");
  await page.getByLabel("Project").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));

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
  const suffix = day % 10 === 1 && day !== 11 ? "st" : day % 10 === 2 && day !== 12 ? "nd" : day % 10 === 3 && day !== 13 ? "rd" : "th";
  const month = point.toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  await page.getByRole("button", { name: new RegExp(`${month} ${day}${suffix}, ${point.getUTCFullYear()}`) }).click();
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
  const root = (await (await fetch(`${access.endpoint}/instances/${restoredId}/root`, { method: "POST", headers })).json()) as { user: { name: string; password: string } };
  const inst = (await (await fetch(`${access.endpoint}/instances/${restoredId}`, { headers })).json()) as { instance: { ip: string[]; restored_from: { last_commit_time: string } } };
  const conn = `host=${inst.instance.ip[0]} port=5432 user=${root.user.name} password=${root.user.password} dbname=app`;
  const maxAt = Date.parse((await exec("/usr/lib/postgresql/15/bin/psql", ["-XAtq", conn, "-c", "SELECT to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM ticks"])).stdout.trim());
  expect(maxAt).toBeLessThanOrEqual(point.getTime());
  // A row every 0.3 s: the newest restored row is within a second of the point.
  expect(point.getTime() - maxAt).toBeLessThan(1000);
  expect(Math.abs(Date.parse(inst.instance.restored_from.last_commit_time) - maxAt)).toBeLessThan(50);
});
