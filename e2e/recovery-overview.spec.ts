import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { login } from "./support/session";

test("the admin sees every project's instances by project name, filters them, and exports CSV", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/admin/recovery-overview");
  await expect(page.getByRole("heading", { name: "Recovery overview" })).toBeVisible();
  const table = page.getByRole("table", { name: /every instance in every project/ });
  await expect(table.getByRole("link", { name: "orders-db", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "catalog-db", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "audit-db", exact: true })).toBeVisible();
  const total = await table.locator("tbody tr").count();
  expect(total).toBeGreaterThanOrEqual(12);
  // Names, not ids: the Project column and the recoveries' "Who".
  const projectCell = (instance: string) =>
    table
      .locator("tbody tr", { has: page.getByRole("link", { name: instance, exact: true }) })
      .locator("td")
      .first();
  await expect(projectCell("orders-db")).toHaveText("demo");
  await expect(projectCell("catalog-db")).toHaveText("alt");
  await expect(projectCell("audit-db")).toHaveText("admin");
  await expect(table.locator("[data-name-missing]")).toHaveCount(0);
  const recoveries = page.getByRole("region", { name: "Recent and in-flight recoveries" });
  const eventsRecovery = recoveries.getByRole("row", { name: /events-pg/ }).first();
  await expect(eventsRecovery.getByRole("cell").nth(2)).toHaveText("demo");

  // The filter lives in the URL (so a link reproduces it): the box follows once the URL changed.
  await page.getByLabel("At risk only").click();
  await expect(page).toHaveURL(/risk=1/);
  await expect(page.getByLabel("At risk only")).toBeChecked();
  await expect.poll(() => table.locator("tbody tr").count()).toBeLessThan(total);
  const risky = await table.locator("tbody tr").count();
  await expect(table.getByRole("link", { name: "legacy-crm-db", exact: true })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: /Export CSV/ }).click();
  const file = await (await download).path();
  const csv = (await readFile(file, "utf8")).trim().split("\r\n");
  expect(csv[0]).toMatch(/^project_id,project,instance_id,instance,datastore,status,latest_restorable_utc,rpo_seconds/);
  expect(csv.find((line) => line.includes(",legacy-crm-db,"))).toMatch(/^[0-9a-f]{32},demo,/);
  expect(csv).toHaveLength(risky + 1);
  expect(csv.slice(1).every((line) => line.includes(",yes,"))).toBe(true);
  expect(csv.some((line) => line.includes("legacy-crm-db"))).toBe(true);

  await page.getByLabel("At risk only").click();
  await expect(page).not.toHaveURL(/risk=1/);
  const projects = await page.getByLabel("Project").locator("option").allTextContents();
  expect(projects).toEqual(["All projects", "admin", "alt", "demo"]);
  await page.getByLabel("Project").selectOption({ index: 1 });
  await expect(page).toHaveURL(/project=/);
  await expect.poll(() => table.locator("tbody tr").count()).toBeLessThan(total);
});

test("a project member is told the overview is not for them", async ({ page }) => {
  await login(page, "demo");
  await page.goto("/admin/recovery-overview");
  await expect(page.getByText("Not allowed.")).toBeVisible();
  const api = await page.request.get("/api/admin/recovery-overview");
  expect(api.status()).toBe(403);
});
