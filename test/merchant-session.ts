import { sealData } from "iron-session";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";

// The merchant console reads its session from next/headers' cookies(), which exists only inside
// a request. A test that reads console data mocks that module with this jar:
//
//   vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);
//   merchantCookie.value = await sealedSession({ signedInAt: Date.now() });

export const merchantCookie: { value: string | undefined } = { value: undefined };

export const mockedNextHeaders = {
  cookies: async () => ({
    get: (name: string) => (name === "gerai-merchant" && merchantCookie.value !== undefined ? { name, value: merchantCookie.value } : undefined),
    set: () => {},
  }),
};

/** The console's session cookie as iron-session seals it (with the sandbox secret unless told). */
export function sealedSession(data: object, password: string = SANDBOX_CREDENTIALS.sessionSecret): Promise<string> {
  return sealData(data, { password, ttl: 12 * 3600 });
}
