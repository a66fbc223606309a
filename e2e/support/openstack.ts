/**
 * Plain OpenStack client steps the browser tests and the screenshot script take behind the
 * dashboard's back: a Keystone token and the catalog's database endpoint.
 */
import { devices } from "@playwright/test";

export interface TroveAccess {
  token: string;
  endpoint: string;
}

export async function troveAccess(keystoneUrl: string, user: string, project = user): Promise<TroveAccess> {
  const res = await fetch(`${keystoneUrl.replace(/\/+$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password: user } } },
        scope: { project: { name: project, domain: { name: "Default" } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`Keystone sign-in of ${user}: ${res.status}`);
  const body = (await res.json()) as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } };
  const endpoint = body.token.catalog.find((c) => c.type === "database")?.endpoints.find((e) => e.interface === "public")?.url;
  if (!endpoint) throw new Error("the catalog lists no public database endpoint");
  return { token: res.headers.get("x-subject-token") ?? "", endpoint: endpoint.replace(/\/+$/, "") };
}

/** Chromium as these machines have it: Debian's, headless, with no background network chatter. */
export const chromiumLaunch = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ],
};

/** What both Playwright configs share: Debian's Chromium at one desktop size, evidence kept on failure. */
export const browserUse = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1400, height: 1000 },
  trace: "retain-on-failure" as const,
  screenshot: "only-on-failure" as const,
  launchOptions: chromiumLaunch,
};
