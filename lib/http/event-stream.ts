import { whenStopping } from "@/lib/shutdown.mjs";

// A Server-Sent Events response as this app serves them: a short life (the browser's
// EventSource reconnects by itself, to whichever instance), a keep-alive comment so proxies do
// not cut an idle stream, and an end the moment the client leaves or the instance starts to stop,
// so a stopping instance never waits on open streams.

const KEEP_ALIVE_MS = 20_000;
const STREAM_LIFETIME_MS = 5 * 60_000;
/** How soon the browser reconnects after a stream ends. */
const RECONNECT_MS = 1_000;

/** Sends one event: its name and its data, as JSON. Nothing once the stream has ended. */
export type SendEvent = (event: string, data: unknown) => void;

/**
 * `start` begins the stream's work (sending its first events, watching for the next) and returns
 * how to stop it, called once when the stream ends.
 */
export function eventStreamResponse(signal: AbortSignal, start: (send: SendEvent) => () => void): Response {
  const encoder = new TextEncoder();
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      write(`retry: ${RECONNECT_MS}\n\n`);
      const stop = start((event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const keepAlive = setInterval(() => write(": keep-alive\n\n"), KEEP_ALIVE_MS);
      const lifetime = setTimeout(() => end(), STREAM_LIFETIME_MS);
      const forgetStop = whenStopping(() => end());
      end = () => {
        if (!open) return;
        open = false;
        stop();
        clearInterval(keepAlive);
        clearTimeout(lifetime);
        forgetStop();
        signal.removeEventListener("abort", end);
        controller.close();
      };
      signal.addEventListener("abort", end);
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and other proxies would hold the events back in a buffer.
      "X-Accel-Buffering": "no",
    },
  });
}
