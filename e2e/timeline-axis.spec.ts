import { expect, test, type Page } from "./support/test";
import { startBackend, type BackendHandle } from "../test/helpers/backend";
import { startDashboard, type Dashboard } from "../test/helpers/dashboard";
import { login, openInstance } from "./support/session";

interface Label {
  text: string;
  left: number;
  right: number;
  midnight: boolean;
}

/** The time axis' labels as drawn, left to right, with their boxes. */
async function axisLabels(page: Page): Promise<Label[]> {
  const texts = page.getByTestId("backup-timeline-chart").locator("[data-axis-tick]");
  await expect(texts.first()).toBeVisible();
  const labels: Label[] = [];
  for (const t of await texts.all()) {
    const box = (await t.boundingBox())!;
    labels.push({
      text: (await t.textContent()) ?? "",
      left: box.x,
      right: box.x + box.width,
      midnight: (await t.getAttribute("data-midnight")) !== null,
    });
  }
  return labels.sort((a, b) => a.left - b.left);
}

function expectReadable(labels: Label[]) {
  expect(labels.length).toBeGreaterThanOrEqual(3);
  for (const l of labels)
    expect(l.text).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$|^\d\d:\d\d( GMT[+-]\d+)?$/,
    );
  for (const l of labels) expect(/^\d\d:\d\d/.test(l.text)).toBe(!l.midnight);
  for (let i = 1; i < labels.length; i++)
    expect(labels[i]!.left, `"${labels[i - 1]!.text}" and "${labels[i]!.text}" overlap`).toBeGreaterThan(labels[i - 1]!.right);
}

async function zoom(page: Page, button: string, range: string) {
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(new RegExp(`range=${range}`));
}

test("the timeline's axis reads as days, hours and minutes in the chosen zone, never overlapping", async ({ page }) => {
  await login(page, "demo");
  await openInstance(page, "billing-pg");

  await zoom(page, "Last 7 days", "7d");
  const week = await axisLabels(page);
  expectReadable(week);
  // Every midnight of the week, with its date.
  expect(week.filter((l) => l.midnight).length).toBeGreaterThanOrEqual(6);
  await page.screenshot({ path: ".tmp/axis-7d.png" });

  // The brush narrows the week; its handles are sliders for the keyboard too (Page Up: ten buckets of 360).
  const start = page.getByRole("slider", { name: "Start of the shown period" });
  for (let i = 0; i < 18; i++) await start.press("PageUp");
  await expect(start).toHaveAttribute("aria-valuenow", "180");
  await expect(start).toHaveAttribute("aria-valuetext", /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d\d:\d\d \S+$/);
  const half = await axisLabels(page);
  expectReadable(half);
  // Half the week is left: three or four midnights instead of six or seven.
  expect(half.filter((l) => l.midnight).length).toBeGreaterThanOrEqual(3);
  expect(half.filter((l) => l.midnight).length).toBeLessThan(week.filter((l) => l.midnight).length);
  // A drag of its right handle narrows it further; a preset shows its whole range again.
  const end = page.getByRole("slider", { name: "End of the shown period" });
  const handle = (await end.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x - 200, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await end.getAttribute("aria-valuenow"))).toBeLessThan(359);

  await zoom(page, "Last 24 h", "24h");
  await expect(start).toHaveAttribute("aria-valuenow", "0");
  const day = await axisLabels(page);
  expectReadable(day);
  // One midnight in a day (its label is left out only when it falls at the very edge).
  expect(day.filter((l) => l.midnight).length).toBeLessThanOrEqual(1);
  const hours = day.filter((l) => !l.midnight).map((l) => Number(l.text.slice(0, 2)));
  expect(hours.length).toBeGreaterThanOrEqual(3);
  // Whole hours on a regular step (1, 2, 3 or 6 h).
  const step = Math.min(...hours.slice(1).map((h, i) => (h - hours[i]! + 24) % 24));
  expect([1, 2, 3, 6]).toContain(step);
  expect(day.filter((l) => !l.midnight).every((l) => l.text.endsWith(":00"))).toBe(true);
  await page.screenshot({ path: ".tmp/axis-24h.png" });

  await zoom(page, "Last hour", "1h");
  const hour = await axisLabels(page);
  expectReadable(hour);
  expect(hour.every((l) => Number(l.text.slice(3, 5)) % 5 === 0)).toBe(true);
  expect(new Set(hour.map((l) => l.text)).size).toBe(hour.length);
  await page.screenshot({ path: ".tmp/axis-1h.png" });

  // The zone toggle moves the ticks to UTC's midnights and hours.
  await zoom(page, "Last 24 h", "24h");
  const berlin = day.map((l) => Math.round(l.left)).join(",");
  await page.getByRole("radio", { name: "UTC" }).click();
  await expect(page).toHaveURL(/tz=utc/);
  // Berlin is an hour ahead: every tick moves.
  await expect.poll(async () => (await axisLabels(page)).map((l) => Math.round(l.left)).join(",")).not.toBe(berlin);
  expectReadable(await axisLabels(page));

  // The hover card names the instant the way the axis does, in the chosen zone.
  const chart = page.getByTestId("backup-timeline-chart");
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(page.getByTestId("timeline-tooltip")).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d\d:\d\d:\d\d UTC/);
});

test.describe("across a DST change (Europe/Berlin, 2026-10-25)", () => {
  let backend: BackendHandle;
  let dashboard: Dashboard;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // A world whose last day holds the night the clocks went back (03:00 CEST → 02:00 CET).
    // Both clocks stand at that noon: the session's expiry is measured on the dashboard's.
    backend = await startBackend({ env: { EMBEDDED_NOW: "2026-10-25T12:00:00Z", EMBEDDED_CLOCK: "frozen" } });
    dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { DASHBOARD_NOW: "2026-10-25T12:00:00Z" } });
  });
  test.afterAll(async () => {
    await dashboard?.stop();
    await backend?.stop();
  });

  test("one tick per local midnight, the repeated hour told apart, nothing overlapping", async ({ page }) => {
    await page.goto(`${dashboard.url}/login`);
    await page.getByLabel("User name").fill("demo");
    await page.getByLabel("Password").fill("demo");
    await page.getByLabel("Project").fill("demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByRole("link", { name: "orders-db", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "orders-db" })).toBeVisible();

    await zoom(page, "Last 24 h", "24h");
    const day = await axisLabels(page);
    expectReadable(day);
    expect(day.filter((l) => l.midnight).map((l) => l.text)).toEqual(["Sun 25 Oct"]);
    // The first tick after the change carries the new offset, so 02:00 twice does not read as a slip.
    expect(day.some((l) => /GMT\+1$/.test(l.text))).toBe(true);
    await page.screenshot({ path: ".tmp/axis-dst-24h.png" });

    await zoom(page, "Last 7 days", "7d");
    const week = await axisLabels(page);
    expectReadable(week);
    expect(week.filter((l) => l.midnight).map((l) => l.text)).toEqual([
      "Mon 19 Oct",
      "Tue 20 Oct",
      "Wed 21 Oct",
      "Thu 22 Oct",
      "Fri 23 Oct",
      "Sat 24 Oct",
      "Sun 25 Oct",
    ]);
    await page.screenshot({ path: ".tmp/axis-dst-7d.png" });
  });
});
