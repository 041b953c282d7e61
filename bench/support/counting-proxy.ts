import { connect, createServer, type Server, type Socket } from "node:net";

// What a server costs the database per request, counted on the wire: a TCP proxy in front of
// PostgreSQL that the server under test connects to instead (the load benchmarks run a short
// counted pass of their own through it, so the proxy's hop stays out of the timed runs).

/** The database URL with another port on loopback (the counting proxy's). */
export function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** Calls `each` with the type and body of every message in a PostgreSQL stream after its startup. */
function messageReader(skipStartup: boolean, each: (type: string, body: Buffer) => void) {
  let pending = Buffer.alloc(0);
  let started = !skipStartup;
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        if (pending.length < 8 || pending.length < pending.readInt32BE(0)) return;
        const code = pending.readInt32BE(4);
        pending = pending.subarray(pending.readInt32BE(0));
        if (code !== 80877103) started = true; // an SSLRequest is followed by the real startup
        continue;
      }
      if (pending.length < 5 || pending.length < pending.readInt32BE(1) + 1) return;
      const length = pending.readInt32BE(1);
      each(String.fromCharCode(pending[0]!), pending.subarray(5, length + 1));
      pending = pending.subarray(length + 1);
    }
  };
}

/** BENCH_PRINT_STATEMENTS=1: the counted requests' statements are printed, to see where they come from. */
const printing = Boolean(process.env.BENCH_PRINT_STATEMENTS);

/** The SQL of a Parse (after the statement's name) or of a simple Query, on one line. */
function statementText(type: string, body: Buffer): string {
  const start = type === "P" ? body.indexOf(0) + 1 : 0;
  return body.toString("utf8", start, body.indexOf(0, start)).replace(/\s+/g, " ").slice(0, 240);
}

export interface PerRequest {
  statements: number;
  transactions: number;
}

export interface CountingProxy {
  server: Server;
  /** Statements and transactions per request over `requests` requests made by `run`. */
  perRequest(requests: number, run: () => Promise<unknown>): Promise<PerRequest>;
}

/**
 * Counts statements (each Execute of the extended protocol or Query of the simple one) and
 * transactions ended (each time the server reports itself idle again after a statement: an
 * autocommit statement or a COMMIT).
 */
export function startCountingProxy(port: number, database: URL): Promise<CountingProxy> {
  const counts = { statements: 0, transactions: 0 };
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(database.port || 5432), database.hostname === "localhost" ? "127.0.0.1" : database.hostname);
    let statementsSinceIdle = 0;
    const fromClient = messageReader(true, (type, body) => {
      if (printing && (type === "P" || type === "Q")) console.log(`sql: ${statementText(type, body)}`);
      if (type === "E" || type === "Q") {
        counts.statements += 1;
        statementsSinceIdle += 1;
      }
    });
    const fromServer = messageReader(false, (type, body) => {
      if (type !== "Z" || body[0] !== 0x49 /* I */ || statementsSinceIdle === 0) return;
      counts.transactions += 1;
      statementsSinceIdle = 0;
    });
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      fromClient(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      client.write(chunk);
      fromServer(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({
        server,
        async perRequest(requests, run) {
          counts.statements = 0;
          counts.transactions = 0;
          await run();
          return { statements: counts.statements / requests, transactions: counts.transactions / requests };
        },
      }),
    ),
  );
}
