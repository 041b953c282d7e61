import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { constantTimeEqual, readBearer } from "@/lib/providers/crypto";

// The merchant API's secret keys. The merchant makes as many as it needs in the console, each
// test or live, sees each once, and revokes them; only a key's sha256 is kept (the keys are 190
// random bits, so a plain hash is as good as a password hash and costs nothing per request).
// The deployment's own MERCHANT_API_KEY stays valid beside them.
//
// Test and live do not mix: a test key makes orders only where every provider is a simulator,
// a live key only where none is. So a test key never reaches a real provider, and a live key
// never takes a shopper's money into a simulator.

export const API_KEY_MODES = ["test", "live"] as const;
export type ApiKeyMode = (typeof API_KEY_MODES)[number];

const KEY = /^sk_(test|live)_[A-Za-z0-9]{32}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Name the key").max(60),
  mode: z.enum(API_KEY_MODES),
});

/** How the API is reached: the keys, and which mode this deployment's providers are in. */
export interface ApiAuth {
  db: Db;
  configuredKey: string;
  /** test: every provider is a simulator; live: none is. */
  deploymentMode: ApiKeyMode;
}

export interface ApiCaller {
  /** null for the deployment's MERCHANT_API_KEY. */
  keyId: string | null;
  mode: ApiKeyMode | "configured";
  /** What the caller's limits count against: never the secret itself. */
  limitKey: string;
  /** The key's name, or MERCHANT_API_KEY: who acted, on the timeline (apiActorName). */
  name: string;
}

/** How the timeline names an action taken through the API (the console names its member instead). */
export const apiActorName = (caller: Pick<ApiCaller, "name">) => `API · ${caller.name}`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function newSecret(mode: ApiKeyMode): string {
  const bytes = randomBytes(32);
  return `sk_${mode}_${[...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join("")}`;
}

export async function createApiKey(db: Db, input: z.infer<typeof apiKeyInputSchema>) {
  const key = newSecret(input.mode);
  const record = await db.apiKey.create({
    data: { id: newId("key"), name: input.name, mode: input.mode, prefix: key.slice(0, 12), hash: sha256(key) },
  });
  return { key, record };
}

export function listApiKeys(db: Db) {
  return db.apiKey.findMany({ orderBy: { createdAt: "desc" }, select: { id: true, name: true, mode: true, prefix: true, createdAt: true, revokedAt: true } });
}

export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  return (await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } })).count === 1;
}

/** Who sends this request, or null when its bearer is no key of ours (or a revoked one). */
export async function authenticateApiRequest(request: Request, auth: ApiAuth): Promise<ApiCaller | null> {
  const bearer = readBearer(request.headers.get("authorization"));
  if (bearer === undefined) return null;
  if (constantTimeEqual(bearer, auth.configuredKey)) return { keyId: null, mode: "configured", limitKey: sha256(bearer).slice(0, 22), name: "MERCHANT_API_KEY" };
  if (!KEY.test(bearer)) return null;
  // Raw: every API request runs this, and a compiled model query costs a millisecond of CPU more.
  const [key] = await auth.db.$queryRaw<{ id: string; mode: string; name: string; revokedAt: Date | null }[]>`SELECT id, mode, name, "revokedAt" FROM "ApiKey" WHERE hash = ${sha256(bearer)}`;
  if (!key || key.revokedAt) return null;
  return { keyId: key.id, mode: key.mode as ApiKeyMode, limitKey: key.id, name: key.name };
}

/** Why this caller may not reach this deployment's providers, or undefined. */
export function modeRefusal(caller: ApiCaller, auth: ApiAuth): string | undefined {
  if (caller.mode === "configured" || caller.mode === auth.deploymentMode) return undefined;
  return caller.mode === "test"
    ? "A test key reaches only the simulators, and this deployment's providers are real. Use a live key."
    : "A live key reaches only real providers, and this deployment runs on the simulators. Use a test key.";
}
