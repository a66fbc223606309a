import { expect, test } from "./support/test";
import { login, openInstance } from "./support/session";

test("a recovery screen prints without navigation chrome, with zone and print time in the footer", async ({ page }) => {
  await login(page, "demo");
  await openInstance(page, "billing-pg");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  // The footer is written when printing begins (it says when the page was printed), not with the page.
  await expect(page.getByText(/Printed .* times in/)).toHaveCount(0);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(page.getByRole("group", { name: "Zoom" })).toBeHidden();
  await expect(page.getByText(/Printed .* times in Europe\/Berlin with UTC in brackets/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /Gaps \(\d+\)/ })).toBeVisible();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.byteLength).toBeGreaterThan(10_000);
});
