import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const shared = {
  resolve: {
    alias: {
      "@/": `${root}/`,
      "server-only": `${root}/test/server-only-stub.ts`,
    },
  },
};

// The app's info lines would bury the report; a test that reads log lines makes its own logger.
// next build sets the second from next.config.ts (experimental.authInterrupts), for forbidden().
const TEST_ENV = { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: "true" };

// Unit tests sit beside the code as *.test.ts; integration tests (*.int.test.ts) run against a
// real database: in-memory PGlite by default, PostgreSQL when TEST_DATABASE_URL is set.
export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          env: TEST_ENV,
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "app/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // React's server build (its reply decoder, in lib/http) loads only under this condition,
          // as it does inside Next.js.
          execArgv: ["--conditions=react-server"],
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          env: TEST_ENV,
          include: ["lib/**/*.int.test.ts", "app/**/*.int.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One PostgreSQL database is shared by all files; PGlite gives each file its own.
          fileParallelism: !process.env.TEST_DATABASE_URL,
        },
      },
    ],
  },
});
