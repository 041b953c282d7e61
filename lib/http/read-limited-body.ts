import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import getRawBody from "raw-body";
import { err, ok, type Result } from "@/lib/result";

// A request body read as UTF-8 text, but never more than a limit: a declared Content-Length over
// it is refused before a byte is read, and a chunked body is cut off as soon as it passes it.
// Invalid UTF-8 becomes U+FFFD, as request.text() does.

export interface BodyRefusal {
  /** 413 too large; 400 when the body does not match its Content-Length or was cut off. */
  status: 413 | 400;
  message: string;
}

export async function readLimitedText(request: Request, maxBytes: number): Promise<Result<string, BodyRefusal>> {
  if (!request.body) return ok("");
  const stream = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  try {
    const text = await getRawBody(stream, {
      length: request.headers.get("content-length"),
      limit: maxBytes,
      encoding: "utf-8",
    });
    return ok(text);
  } catch (error) {
    // Stop pulling the rest of a body we will not read.
    stream.destroy();
    const type = (error as { type?: unknown }).type;
    if (type === "entity.too.large") return err({ status: 413, message: `body is larger than ${maxBytes} bytes` });
    if (type === "request.size.invalid") return err({ status: 400, message: "body does not match its Content-Length" });
    if (type === "request.aborted") return err({ status: 400, message: "body was cut off by the sender" });
    throw error;
  }
}
