import { env } from "@/lib/env";
import { createApiDocument } from "@/lib/merchant-api/openapi";

export const dynamic = "force-dynamic";

/** The merchant API's OpenAPI 3.1 document, generated from its zod schemas. */
export function GET() {
  return Response.json(createApiDocument(env().appUrl), { headers: { "Cache-Control": "public, max-age=300" } });
}
