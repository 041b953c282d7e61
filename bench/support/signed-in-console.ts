import Module from "node:module";
import type { Db } from "@/lib/db/client";
import { mockedNextHeaders, signInAs } from "@/test/merchant-session";

// The console's data functions read the merchant's session from next/headers' cookies(), which
// exists only inside a Next.js request. A benchmark calls those functions as they are, session
// and role check included, with next/headers answered by the test cookie jar holding the session
// of a member signed in as a viewer (the least role that reads orders).
// next/navigation's index also loads client hooks that React's server build lacks, so its
// redirect() comes from the module Next.js itself implements it in. Call before the app's modules
// are loaded (they are CommonJS under tsx, so require's loader is where the two are answered).
export function answerNextRequestModules(): void {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === "next/headers") return mockedNextHeaders;
    if (request === "next/navigation") return load.call(this, "next/dist/client/components/redirect", ...rest);
    return load.call(this, request, ...rest);
  };
}

/** A viewer signed in on the benchmark's database, as the console's functions will find them. */
export async function signInConsoleForBench(db: Db): Promise<void> {
  await signInAs(db, "viewer");
}
