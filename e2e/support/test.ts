import { test as base, type Page } from "@playwright/test";

export { expect, type Page } from "@playwright/test";

/**
 * Playwright's test, failing any test whose pages threw an uncaught error: a hydration mismatch is
 * one (React reports it and silently redraws the page), and it is invisible to every assertion on
 * what the page shows.
 */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message.split("\n")[0]}`));
      context.pages().forEach(watch);
      context.on("page", watch);
      await use();
      if (errors.length > 0) throw new Error(`the page threw:\n${errors.join("\n")}`);
    },
    { auto: true },
  ],
});
