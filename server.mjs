import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { settleClientAddress, trustedProxies } from "./lib/http/forwarding.mjs";
import { log } from "./lib/log.mjs";
import { withRequestId } from "./lib/request-context.mjs";
import { isStopping, markStopping, runShutdownHooks } from "./lib/shutdown.mjs";

// `npm start`: the production server. It is `next start` plus what an instance behind a load
// balancer needs before and around Next.js:
// - Next.js passes a client's X-Forwarded-For through as sent, so this replaces the forwarding
//   headers with the one client address that the connection and the proxies trusted in
//   TRUSTED_PROXIES vouch for (lib/http/forwarding.mjs). Rate limits and sign-in throttling key on it.
// - Every request gets an id (a trusted proxy's X-Request-Id, or a new one), echoed in the answer
//   and carried by every log line and job the request causes (lib/request-context.mjs); one JSON
//   access line per request.
// - SIGTERM (or SIGINT) stops the instance in order: readiness turns 503, no new connections, the
//   requests in hand finish, then the job queue's workers finish their jobs; it exits 0, or 1 when
//   that took longer than SHUTDOWN_TIMEOUT_MS (default 20 s).
//
// Usage: node server.mjs [-p <port>] [-H <hostname>]   (port also from PORT; default 3000)

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const trustSetting = process.env.TRUSTED_PROXIES?.trim() || "loopback";
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS?.trim() || 20_000);
const problems = [];
let trust;
try {
  trust = trustedProxies(trustSetting);
} catch (error) {
  problems.push(`TRUSTED_PROXIES: ${error instanceof Error ? error.message : error}`);
}
if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 1_000 || shutdownTimeoutMs > 600_000) {
  problems.push("SHUTDOWN_TIMEOUT_MS: a whole number of milliseconds from 1000 to 600000");
}
if (problems.length > 0) {
  log.fatal({ problems }, `Gerai refuses to start. Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}

// As `next start` does; set before Next.js loads, since it reads NODE_ENV as it starts. The port
// too, which the app's configuration reads (lib/env.ts).
process.env.NODE_ENV ??= "production";
process.env.PORT = String(port);
const { default: next } = await import("next");
const app = next({ dev: false, hostname: values.hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// An id a trusted proxy assigned is kept, so one id follows the request through the balancer's
// logs and ours; anything else a client sends is replaced. Restricted to characters that cannot
// forge a log line.
const REQUEST_ID = /^[\w.:@-]{1,128}$/;
function requestIdOf(request) {
  const offered = request.headers["x-request-id"];
  const peer = request.socket.remoteAddress;
  if (typeof offered === "string" && REQUEST_ID.test(offered) && peer !== undefined && trust(peer, 0)) return offered;
  return randomUUID();
}

// Probes answer every few seconds: their lines are debug, not info.
const PROBES = new Set(["/api/health", "/api/ready"]);
let inFlight = 0;
let drained = () => {};

const server = createServer((request, response) => {
  const startedAt = performance.now();
  const client = settleClientAddress(request, trust);
  const requestId = requestIdOf(request);
  request.headers["x-request-id"] = requestId;
  response.setHeader("X-Request-Id", requestId);
  // While stopping, each connection ends with the answer it is carrying.
  if (isStopping()) response.setHeader("Connection", "close");
  inFlight += 1;
  response.once("close", () => {
    inFlight -= 1;
    const path = (request.url ?? "/").split("?", 1)[0];
    const line = { requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - startedAt), client };
    // A client that leaves before the answer is complete (a browser's cancelled prefetch) is no fault of ours.
    if (!response.writableFinished) log.info({ ...line, aborted: true }, "request");
    else if (PROBES.has(path)) log.debug(line, "request");
    else log.info(line, "request");
    if (inFlight === 0) drained();
  });
  withRequestId(requestId, () => void handle(request, response));
});
// Node closes an idle kept-alive connection after 5 s; a client (a load balancer, or a test's
// request context) that reuses it at that moment gets ECONNRESET. Idle connections are kept
// longer than the usual load balancer's 60 s instead, so the client is the one that closes them.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, values.hostname, () => {
  log.info({ port, host: values.hostname ?? "localhost", trustedProxies: trustSetting }, `Gerai ready on http://${values.hostname ?? "localhost"}:${port}`);
});

async function stop(signal) {
  if (isStopping()) return;
  markStopping();
  const deadline = Date.now() + shutdownTimeoutMs;
  log.info({ signal, inFlight, timeoutMs: shutdownTimeoutMs }, "stopping: no new connections; finishing the requests and jobs in hand");
  setTimeout(() => {
    log.error({ inFlight, timeoutMs: shutdownTimeoutMs }, "stopping took longer than SHUTDOWN_TIMEOUT_MS; exiting with work unfinished");
    process.exit(1);
  }, shutdownTimeoutMs).unref();
  server.close();
  server.closeIdleConnections();
  if (inFlight > 0) await new Promise((resolve) => (drained = resolve));
  const failures = await runShutdownHooks(Math.max(0, deadline - Date.now()));
  for (const { name, error } of failures) log.error({ err: error, hook: name }, "a shutdown step failed");
  server.closeAllConnections();
  log.info({ ms: shutdownTimeoutMs - (deadline - Date.now()) }, "stopped");
  process.exit(failures.length > 0 ? 1 : 0);
}
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
