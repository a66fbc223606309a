/**
 * Side by side with Horizon on the same cloud (`npm run bench:horizon`): the real Keystone 22 +
 * Trove 18 of ../shared/real-trove, Horizon + trove-dashboard of ../shared/horizon, and the built
 * dashboard started against that cloud. Each is started only when its ports do not answer already,
 * and stopped at the end only if this script started it (as scripts/real-cloud.sh does).
 *
 * For three pages doing the same work (project backups, instances, one instance's backups / the
 * recovery screen), Chromium navigates warm, Horizon and the dashboard alternately, 7 times each; a
 * navigation lasts until the network goes idle, measured to the end of the last request (without the
 * 500 ms of quiet Playwright waits to call it idle). Printed: the medians, the rows each shows, the ratio.
 * Then the recovery screen of a 14-day instance on the embedded backend, warm, the same way.
 *
 * `npm run bench:horizon -- instances recovery` measures only the pages whose name holds one of the
 * words (the embedded recovery screen: `embedded`), for a quicker look at one page.
 *
 * Not a `bench*` export: `npm run bench` (and its CI smoke run) would otherwise start a cloud.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { chromiumLaunch } from "../../e2e/support/openstack";
import { startBackend } from "../../test/helpers/backend";
import { ApiClient, startDashboard, type Dashboard } from "../../test/helpers/dashboard";

const root = path.resolve(import.meta.dirname, "../..");
const shared = path.resolve(root, "..", "shared");
const KEYSTONE = "http://127.0.0.1:5000/v3";
const HORIZON = "http://127.0.0.1:8080";
const RUNS = 7;
const WARMUP = 2;

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

function run(script: string, env: Record<string, string> = {}): void {
  const done = spawnSync("bash", [script], { stdio: "inherit", env: { ...process.env, ...env } });
  if (done.status !== 0) throw new Error(`${script} failed (exit ${done.status})`);
}

/** A cloud someone left running may be unseeded: seed it only when demo's orders-db is missing. */
async function seeded(): Promise<boolean> {
  const access = await signIn("demo");
  const res = await fetch(`${access.endpoint}/instances?limit=1000`, { headers: { "X-Auth-Token": access.token } });
  const body = (await res.json()) as { instances: { name: string }[] };
  return body.instances.some((i) => i.name === "orders-db");
}

async function signIn(user: string): Promise<{ token: string; endpoint: string }> {
  const res = await fetch(`${KEYSTONE}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password: user } } },
        scope: { project: { name: user, domain: { name: "Default" } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`Keystone sign-in of ${user}: ${res.status}`);
  const body = (await res.json()) as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } };
  const endpoint = body.token.catalog.find((c) => c.type === "database")?.endpoints.find((e) => e.interface === "public")?.url;
  if (!endpoint) throw new Error("the catalog lists no public database endpoint");
  return { token: res.headers.get("x-subject-token") ?? "", endpoint: endpoint.replace(/\/+$/, "") };
}

/** The demo instance with the most backups: the one whose backups page costs the most. */
async function busiestInstance(): Promise<{ id: string; name: string }> {
  const access = await signIn("demo");
  const get = async <T>(p: string) =>
    (await (await fetch(`${access.endpoint}${p}`, { headers: { "X-Auth-Token": access.token } })).json()) as T;
  const { instances } = await get<{ instances: { id: string; name: string }[] }>("/instances?limit=1000");
  let best = { id: "", name: "", count: -1 };
  for (const i of instances) {
    let count = 0;
    let marker = "";
    for (;;) {
      const page = await get<{ backups: unknown[]; links?: { rel: string; href: string }[] }>(`/instances/${i.id}/backups${marker}`);
      count += page.backups.length;
      const next = page.links?.find((l) => l.rel === "next");
      if (!next) break;
      marker = new URL(next.href).search;
    }
    if (count > best.count) best = { ...i, count };
  }
  return best;
}

interface Measure {
  ms: number;
  rows: number;
  /** The request that ended last: what the figure waited for. */
  last: string;
}

/** Navigates and waits for network idle; the time is to the end of the last request. */
async function navigate(page: Page, url: string, countRows: (page: Page) => Promise<number>): Promise<Measure> {
  let last = 0;
  let lastUrl = "";
  const mark = (request: { url(): string }) => {
    last = performance.now();
    lastUrl = request.url();
  };
  page.on("requestfinished", mark);
  page.on("requestfailed", mark);
  const started = performance.now();
  try {
    await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
  } finally {
    page.off("requestfinished", mark);
    page.off("requestfailed", mark);
  }
  return { ms: Math.max(0, last - started), rows: await countRows(page), last: new URL(lastUrl || url).pathname };
}

/**
 * Chromium keeps a spare renderer process ready, and starts the next one as soon as a navigation
 * takes it. Alternating two sites in two contexts takes the spare on every navigation, so the next
 * one is started on this 2-core machine just as the other site's page loads: measured, it added
 * ~100 ms to each side (dashboard instances 186 → 303 ms, Horizon 490 → 604 ms), and the same when
 * the other context merely opened about:blank. A person at one browser tab does not pay that on
 * every click, so the bench turns the spare off, for both sides alike.
 */
const QUIET_BROWSER = ["--disable-features=SpareRendererForSitePerProcess"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function horizonLogin(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${HORIZON}/auth/login/`);
  if (await page.locator("#id_domain").count()) await page.fill("#id_domain", "Default");
  await page.fill("#id_username", "demo");
  await page.fill("#id_password", "demo");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/auth/login")), page.locator('button[type="submit"]').first().click()]);
  return page;
}

async function dashboardLogin(context: BrowserContext, base: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("User name").fill("demo");
  await page.getByLabel("Password").fill("demo");
  await page.getByLabel("Project").fill("demo");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Sign in" }).click()]);
  return page;
}

/** Horizon's data rows carry data-object-id; its "No items" row does not. */
const horizonRows = (selector: string) => (page: Page) => page.locator(`${selector} tbody tr[data-object-id]`).count();
const dashboardRows = (selector: string) => (page: Page) => page.locator(`${selector} tbody tr`).count();

interface PagePair {
  what: string;
  horizon: { url: string; rows: (page: Page) => Promise<number> };
  dashboard: { url: string; rows: (page: Page) => Promise<number> };
}

async function sideBySide(browser: Browser, dashboard: Dashboard, pairs: PagePair[]): Promise<string[]> {
  const hContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: "UTC", locale: "en-GB" });
  const dContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: "UTC", locale: "en-GB" });
  const hPage = await horizonLogin(hContext);
  const dPage = await dashboardLogin(dContext, dashboard.url);
  const lines: string[] = [];
  try {
    for (const pair of pairs) {
      for (let i = 0; i < WARMUP; i++) {
        await navigate(hPage, pair.horizon.url, pair.horizon.rows);
        await navigate(dPage, pair.dashboard.url, pair.dashboard.rows);
      }
      const h: Measure[] = [];
      const d: Measure[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternated, and which goes first alternates too: neither always follows the other's load.
        if (i % 2 === 0) {
          h.push(await navigate(hPage, pair.horizon.url, pair.horizon.rows));
          d.push(await navigate(dPage, pair.dashboard.url, pair.dashboard.rows));
        } else {
          d.push(await navigate(dPage, pair.dashboard.url, pair.dashboard.rows));
          h.push(await navigate(hPage, pair.horizon.url, pair.horizon.rows));
        }
      }
      const hm = median(h.map((m) => m.ms));
      const dm = median(d.map((m) => m.ms));
      const line = `| ${pair.what} | ${fmt(hm)} (${h.at(-1)!.rows} rows) | ${fmt(dm)} (${d.at(-1)!.rows} rows) | ${(hm / dm).toFixed(1)}× faster |`;
      console.log(line);
      if (process.env.BENCH_DETAIL)
        for (const [who, ms] of [
          ["horizon", h],
          ["dashboard", d],
        ] as const)
          console.log(`  ${who}: ${ms.map((m) => `${Math.round(m.ms)} (${m.last.split("/").pop()})`).join(", ")}`);
      lines.push(line);
    }
  } finally {
    await hContext.close();
    await dContext.close();
  }
  return lines;
}

const fmt = (ms: number) => `${Math.round(ms).toLocaleString("en-US")} ms`;

/** The recovery screen of orders-db (14 days, 84 backups, 5-minute logs) on the embedded backend, warm. */
async function embeddedRecoveryScreen(browser: Browser): Promise<string> {
  const backend = await startBackend();
  const dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: "UTC", locale: "en-GB" });
  try {
    const api = new ApiClient(dashboard.url);
    await api.login("demo");
    const list = (await api.get<{ instances: { id: string; name: string }[] }>("/api/instances?health=0")).body;
    const orders = list.instances.find((i) => i.name === "orders-db");
    if (!orders) throw new Error("orders-db is missing from the embedded demo world");
    const page = await dashboardLogin(context, dashboard.url);
    const url = `${dashboard.url}/project/instances/${orders.id}`;
    const rows = dashboardRows('section[aria-labelledby="backups-heading"]');
    for (let i = 0; i < WARMUP; i++) await navigate(page, url, rows);
    const runs: Measure[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await navigate(page, url, rows));
    const line = `embedded backend, recovery screen of orders-db (14 days), warm: median ${fmt(median(runs.map((m) => m.ms)))} to network idle (${runs.at(-1)!.rows} backup rows); target < 300 ms`;
    console.log(line);
    return line;
  } finally {
    await context.close();
    await dashboard.stop();
    await backend.stop();
  }
}

/** With no words, everything; else what names one of them. */
const chosen = (what: string, words: readonly string[]) => words.length === 0 || words.some((w) => what.includes(w));

export async function horizonSideBySide(words: readonly string[] = []): Promise<void> {
  const real = path.join(shared, "real-trove");
  const horizonDir = path.join(shared, "horizon");
  let startedCloud = false;
  let startedHorizon = false;
  let dashboard: Dashboard | null = null;
  let browser: Browser | null = null;
  // A Horizon this script starts keeps its pid file apart, so its stop.sh stops only that one.
  const horizonState = path.join(root, ".tmp", "horizon-state");
  try {
    if (!((await answers(5000)) && (await answers(8779)))) {
      console.log("bench:horizon: starting Keystone 22 + Trove 18 (../shared/real-trove/up.sh)…");
      startedCloud = true;
      run(path.join(real, "up.sh"));
    } else if (!(await seeded())) {
      console.log("bench:horizon: seeding the running cloud…");
      execFileSync("python3", [path.join(real, "seed.py")], { stdio: "inherit", env: { ...process.env, KEYSTONE } });
    }
    if (!(await answers(8080))) {
      console.log("bench:horizon: starting Horizon (../shared/horizon/start.sh)…");
      mkdirSync(horizonState, { recursive: true });
      startedHorizon = true;
      run(path.join(horizonDir, "start.sh"), { HORIZON_STATE: horizonState });
    }
    const instance = await busiestInstance();
    dashboard = await startDashboard({ keystoneUrl: KEYSTONE, env: { UPSTREAM_TIMEOUT_MS: "20000" } });
    browser = await chromium.launch({ ...chromiumLaunch, args: [...chromiumLaunch.args, ...QUIET_BROWSER] });
    const d = dashboard.url;
    console.log(
      `\nHorizon vs dashboard on the same Keystone 22 + Trove 18, warm, median of ${RUNS}, to network idle (${new Date().toISOString().slice(0, 10)})`,
    );
    console.log("| page | Horizon | dashboard | ratio |\n|---|---|---|---|");
    const pairs: PagePair[] = [
      {
        what: "project backups",
        horizon: { url: `${HORIZON}/project/database_backups/`, rows: horizonRows("table") },
        dashboard: { url: `${d}/project/backups`, rows: dashboardRows('section[aria-label="Backups"]') },
      },
      {
        what: "instances",
        horizon: { url: `${HORIZON}/project/databases/`, rows: horizonRows("table") },
        dashboard: { url: `${d}/project/instances`, rows: dashboardRows('section[aria-label="Instances"]') },
      },
      {
        what: `one instance's backups / recovery screen (${instance.name})`,
        horizon: {
          url: `${HORIZON}/project/databases/${instance.id}/?tab=instance_details__backups_tab`,
          rows: horizonRows("#instance_details__backups_tab table"),
        },
        dashboard: { url: `${d}/project/instances/${instance.id}`, rows: dashboardRows('section[aria-labelledby="backups-heading"]') },
      },
    ];
    await sideBySide(
      browser,
      dashboard,
      pairs.filter((p) => chosen(p.what, words)),
    );
    await dashboard.stop();
    dashboard = null;
    if (chosen("embedded recovery screen", words)) {
      console.log("");
      await embeddedRecoveryScreen(browser);
    }
  } finally {
    await browser?.close();
    await dashboard?.stop();
    if (startedHorizon) run(path.join(horizonDir, "stop.sh"), { HORIZON_STATE: horizonState });
    if (startedCloud) run(path.join(real, "down.sh"));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await horizonSideBySide(process.argv.slice(2));
}
