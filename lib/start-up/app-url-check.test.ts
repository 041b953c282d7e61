import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { checkAppUrl } from "./app-url-check";

// The start-up check of APP_URL against real servers on loopback: this app, another program,
// another Gerai, and nothing at all.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(answer: (path: string) => { status: number; type: string; body: string }): Promise<string> {
  const server = createServer((request, response) => {
    const { status, type, body } = answer(request.url ?? "/");
    response.writeHead(status, { "Content-Type": type }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const gerai = (instance: string) => () => ({ status: 200, type: "application/json", body: JSON.stringify({ status: "ok", app: "gerai", instance }) });
const options = { configured: true, production: false, port: 3001, instance: "this-one", attempts: 2, retryMs: 10, timeoutMs: 2_000 };

describe("the start-up check of APP_URL", () => {
  it("is satisfied when APP_URL reaches this very process", async () => {
    const appUrl = await serve(gerai("this-one"));
    expect(await checkAppUrl({ ...options, appUrl })).toBeUndefined();
  });

  it("says when another program answers on APP_URL, with the fix", async () => {
    const appUrl = await serve(() => ({ status: 200, type: "text/html", body: "<h1>Another dev server</h1>" }));
    expect(await checkAppUrl({ ...options, appUrl })).toBe(
      `APP_URL ${appUrl} answers, but not as Gerai (HTTP 200): unset APP_URL to follow the port this server listens on, or set APP_URL=http://localhost:3001.`,
    );
  });

  it("says when another Gerai answers in development, and accepts any instance behind a production load balancer", async () => {
    const appUrl = await serve(gerai("an-older-one"));
    expect(await checkAppUrl({ ...options, appUrl })).toMatch(/^APP_URL .* reaches another Gerai server, not this one: unset APP_URL/);
    expect(await checkAppUrl({ ...options, appUrl, production: true })).toBeUndefined();
  });

  it("says when nothing answers, after trying again, and what to set", async () => {
    const appUrl = await serve(gerai("x"));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    const problem = await checkAppUrl({ ...options, appUrl, configured: false });
    expect(problem).toMatch(new RegExp(`^APP_URL ${appUrl} does not reach this app \\(.*ECONNREFUSED.*\\): set APP_URL to the address this server is reached at\\.$`));
  });
});
