import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { settleClientAddress, trustedProxies } from "./lib/http/forwarding.mjs";

// `npm start`: the production server. It is `next start` plus one step: Next.js passes a
// client's X-Forwarded-For through as sent, so before Next.js sees a request this replaces the
// forwarding headers with the one client address that the connection and the proxies trusted in
// TRUSTED_PROXIES vouch for (lib/http/forwarding.mjs). Rate limits and sign-in throttling key on it.
//
// Usage: node server.mjs [-p <port>] [-H <hostname>]   (port also from PORT; default 3000)

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const trustSetting = process.env.TRUSTED_PROXIES?.trim() || "loopback";
let trust;
try {
  trust = trustedProxies(trustSetting);
} catch (error) {
  console.error(`Invalid configuration:\n  - TRUSTED_PROXIES: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

// As `next start` does; set before Next.js loads, since it reads NODE_ENV as it starts.
process.env.NODE_ENV ??= "production";
const { default: next } = await import("next");
const app = next({ dev: false, hostname: values.hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  settleClientAddress(request, trust);
  void handle(request, response);
});
// Node closes an idle kept-alive connection after 5 s; a client (a load balancer, or a test's
// request context) that reuses it at that moment gets ECONNRESET. Idle connections are kept
// longer than the usual load balancer's 60 s instead, so the client is the one that closes them.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, values.hostname, () => {
  console.log(`> Gerai ready on http://${values.hostname ?? "localhost"}:${port} (trusted proxies: ${trustSetting})`);
});
