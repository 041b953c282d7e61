import Module from "node:module";
import { merchantCookie, mockedNextHeaders, sealedSession } from "@/test/merchant-session";

// The console's data functions read the merchant's session from next/headers' cookies(), which
// exists only inside a Next.js request. A benchmark calls those functions as they are, session
// check included, with next/headers answered by the test cookie jar holding a signed-in session.
// next/navigation's index also loads client hooks that React's server build lacks, so its
// redirect() comes from the module Next.js itself implements it in. Call before the app's modules
// are loaded (they are CommonJS under tsx, so require's loader is where the two are answered).
export async function signInConsoleForBench(): Promise<void> {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === "next/headers") return mockedNextHeaders;
    if (request === "next/navigation") return load.call(this, "next/dist/client/components/redirect", ...rest);
    return load.call(this, request, ...rest);
  };
  merchantCookie.value = await sealedSession({ signedInAt: Date.now() });
}
