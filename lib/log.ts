import pino from "pino";
import { currentRequestId } from "./request-context";

// Structured JSON log lines (pino), each with the id of the request or job it belongs to.
export const log = pino({ level: process.env.LOG_LEVEL ?? "info", mixin: () => ({ requestId: currentRequestId() }) });
