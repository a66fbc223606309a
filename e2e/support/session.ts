import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { troveAccess } from "./openstack";

export const KEYSTONE = "http://127.0.0.1:5100/v3";

export async function login(page: Page, user: string, project = user === "viewer" ? "demo" : user, next?: string): Promise<void> {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(user);
  await page.getByLabel("Project").fill(project);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** No serious or critical violation: the accessibility bar every page is held to. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(" | ")})`,
    ),
  ).toEqual([]);
}

export async function openInstance(page: Page, name: string): Promise<string> {
  await page.goto("/project/instances");
  await page.getByRole("link", { name, exact: true }).click();
  await page.waitForURL(/\/project\/instances\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().match(/instances\/([0-9a-f-]{36})/)![1]!;
}

/** Fault injection through the embedded backend's admin API. */
export async function injectFault(fault: {
  path: string;
  kind: string;
  method?: string;
  count?: number;
  status?: number;
  ms?: number;
}): Promise<void> {
  const admin = await troveAccess(KEYSTONE, "admin");
  const answer = await fetch(`${admin.endpoint}/mgmt/faults`, {
    method: "POST",
    headers: { "X-Auth-Token": admin.token, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ fault }),
  });
  if (answer.status !== 201) throw new Error(`fault injection failed: ${answer.status}`);
}
