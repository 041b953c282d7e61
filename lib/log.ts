import pino from "pino";
import { currentRequestId } from "./request-context";

// TEMPORARY (replaced by the w-ops branch's version on merge).
export const log = pino({ mixin: () => ({ requestId: currentRequestId() }) });
