import { test as base, expect, type Page } from "@playwright/test";

// The specs' `test`: Playwright's, with one rule for every page any test opens: the browser logs
// no error (a React error, an uncaught exception, a console.error) while the test runs. A page
// that fails quietly in the console fails its test here. A test that opens an error on purpose
// (a 404 page) says which line it expects with `browserConsole.expect(pattern)`.

interface BrowserConsole {
  /** A console error this test causes on purpose; every other one still fails it. */
  expect(pattern: RegExp): void;
}

/** A client address of its own for each test (198.19.0.0/16, a range no real client has). */
function addressOf(testId: string): string {
  let hash = 0;
  for (const char of testId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `198.19.${(hash >>> 8) & 255}.${(hash & 255) || 1}`;
}

export const test = base.extend<{ browserConsole: BrowserConsole }>({
  // Each test is its own shopper, from its own address (loopback is a trusted proxy, so the app
  // counts X-Forwarded-For): the checkouts of one test never use up another's checkout limit,
  // however many tests run before it. A test's own header, where it sets one, still wins.
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    await use({ "x-forwarded-for": addressOf(testInfo.testId), ...extraHTTPHeaders });
  },
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
