import { test as base, expect, type Page } from "@playwright/test";

// The specs' `test`: Playwright's, with one rule for every page any test opens: the browser logs
// no error (a React error, an uncaught exception, a console.error) while the test runs. A page
// that fails quietly in the console fails its test here. A test that opens an error on purpose
// (a 404 page) says which line it expects with `browserConsole.expect(pattern)`.

interface BrowserConsole {
  /** A console error this test causes on purpose; every other one still fails it. */
  expect(pattern: RegExp): void;
}

export const test = base.extend<{ browserConsole: BrowserConsole }>({
  browserConsole: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const expected: RegExp[] = [];
      const watch = (page: Page) => {
        page.on("console", (message) => {
          if (message.type() === "error") errors.push(`${page.url()}: console.error: ${message.text()}`);
        });
        page.on("pageerror", (error) => errors.push(`${page.url()}: uncaught: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use({ expect: (pattern) => expected.push(pattern) });
      expect(
        errors.filter((error) => !expected.some((pattern) => pattern.test(error))),
        "errors in the browser's console",
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
