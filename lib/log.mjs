// @ts-check
import { createRequire } from "node:module";
import { join } from "node:path";
import pino from "pino";
import { currentRequestId } from "./request-context.mjs";

// Structured JSON log lines (pino) on stdout, one object per line, each with the id of the request
// or job it belongs to. Plain JavaScript, because server.mjs logs too, before and outside Next.js.
// LOG_LEVEL: trace, debug, info (default), warn, error, fatal or silent.
// LOG_FORMAT: json (default), or pretty (the default under `next dev`; needs the dev dependency
// pino-pretty, and falls back to JSON without it).

/** Field names that hold a secret, wherever they appear (up to three levels deep). */
const SECRET_FIELDS = [
  "password",
  "secret",
  "apiKey",
  "api_key",
  "serverKey",
  "server_key",
  "secretKey",
  "secret_key",
  "signingSecret",
  "webhookSecret",
  "callbackToken",
  "sessionSecret",
  "token",
  "accessToken",
  "access_token",
  "signature",
  "signature_key",
  "databaseUrl",
];
/** Request headers that carry credentials or signatures. */
const SECRET_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "x-callback-token",
  "x-signature",
  "signature",
  "webhook-signature",
  "x-martis-signature",
];

export const REDACTED_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
];

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/** pino-pretty, when it is wanted and installed. */
function prettyStream() {
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "development" ? "pretty" : "json");
  if (format !== "pretty") return undefined;
  try {
    // Resolved from the project, at run time: it is a development dependency.
    const pretty = createRequire(join(process.cwd(), "package.json"))("pino-pretty");
    return pretty({ colorize: true, sync: true, ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss.l" });
  } catch {
    return undefined;
  }
}

/**
 * @param {import("pino").DestinationStream} [destination] stdout (or pino-pretty) unless given
 * @param {string} [level] LOG_LEVEL unless given
 * @returns {import("pino").Logger}
 */
export function createLogger(destination, level = process.env.LOG_LEVEL ?? "info") {
  /** @type {import("pino").LoggerOptions} */
  const options = {
    level: LEVELS.has(level) ? level : "info",
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  const stream = destination ?? prettyStream();
  return stream ? pino(options, stream) : pino(options);
}

export const log = createLogger();
