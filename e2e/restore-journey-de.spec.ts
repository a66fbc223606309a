import { expect, test } from "./support/test";

// A browser that asks for German gets the dashboard in German, end to end: sign-in, the recovery
// screen, the dialog, the tracker and the proof of where the data came from. Any message missing
// from the German catalog fails the page (I18N_STRICT in playwright.config.ts).
test.use({ locale: "de-DE" });

test("the whole restore journey in German, chosen from Accept-Language, and switched back to English", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.getByLabel("Benutzername").fill("demo");
  await page.getByLabel("Passwort").fill("demo");
  await page.getByLabel("Projekt").fill("demo");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Instanzen" })).toBeVisible();

  await page.getByRole("link", { name: "orders-db", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "orders-db" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sicherungs-Zeitleiste" })).toBeVisible();
  // The latest restorable point, one click, in German with the zone named (Europe/Berlin: MEZ).
  await page.getByRole("button", { name: "Letzter wiederherstellbarer Zeitpunkt" }).click();
  await expect(page.getByText("Dieser Zeitpunkt kann wiederhergestellt werden.")).toBeVisible();
  await expect(page.getByTestId("chosen-point")).toContainText(/Gewählt: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2} MEZ/);

  await page.getByRole("button", { name: "Auf diesen Zeitpunkt wiederherstellen …" }).click();
  const dialog = page.getByRole("dialog", { name: "orders-db wiederherstellen" });
  await expect(dialog.getByText("Basissicherung")).toBeVisible();
  await expect(dialog.getByTestId("restore-estimate")).toContainText(/Etwa|Noch keine Schätzung/);
  await dialog.getByLabel("Name der neuen Instanz").fill("orders-db-e2e-wiederhergestellt");
  await dialog.getByRole("button", { name: "In neue Instanz wiederherstellen" }).click();

  await page.waitForURL(/\/restores\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1, name: /Wiederherstellung in eine neue Instanz/ })).toBeVisible();
  await expect(page.getByTestId("restore-status")).toContainText("ACTIVE", { timeout: 30_000 });
  await expect(page.getByText(/ist ACTIVE, mit den Daten vom Stand \d{2}\.\d{2}\.\d{4}/)).toBeVisible();
  await expect(page.getByTestId("restore-provenance")).toContainText(/Wiederhergestellt aus Sicherung .+ der Instanz orders-db/);
  await expect(page.getByTestId("restore-provenance")).toContainText(/\d,\d{3} s vor dem gewählten Zeitpunkt/);

  // The switch in the header overrides the browser's language, for every page after it.
  await page.getByLabel("Sprache").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Open the new instance" })).toBeVisible();
  await page.goto("/project/instances");
  await expect(page.getByRole("heading", { level: 1, name: "Instances" })).toBeVisible();
});
