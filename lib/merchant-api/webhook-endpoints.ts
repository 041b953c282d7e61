import type { Db } from "@/lib/db/client";
import {
  createEndpoint,
  deleteEndpoint,
  endpointInputSchema,
  endpointResource,
  endpointUpdateSchema,
  endpointUrlProblem,
  findEndpoint,
  listEndpoints,
  setEndpointEnabled,
  type EndpointRules,
} from "@/lib/merchant-webhooks/endpoints";
import { fieldErrors } from "@/lib/orders/order-input";
import { authenticateApiRequest, type ApiAuth } from "./api-keys";
import { apiError, UNAUTHORIZED } from "./orders";

// /api/v1/webhook-endpoints: the merchant's endpoints over the REST API, with the same secret key
// as orders. The secret appears once, in the answer that creates the endpoint.

export interface EndpointApiContext extends EndpointRules {
  db: Db;
  auth: ApiAuth;
}

const NOT_FOUND = (id: string) => apiError(404, "not_found", `No webhook endpoint ${id}.`);

async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: apiError(400, "invalid_json", "The request body must be JSON.") };
  }
}

export async function listEndpointsFromApi(context: EndpointApiContext, request: Request): Promise<Response> {
  if (!(await authenticateApiRequest(request, context.auth))) return UNAUTHORIZED();
  return Response.json({ data: (await listEndpoints(context.db)).map(endpointResource) });
}

export async function createEndpointFromApi(context: EndpointApiContext, request: Request): Promise<Response> {
  if (!(await authenticateApiRequest(request, context.auth))) return UNAUTHORIZED();
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const parsed = endpointInputSchema.safeParse(json.body);
  if (!parsed.success) return apiError(422, "invalid_request", "The endpoint has errors; see `fields`.", fieldErrors(parsed.error));
  const problem = endpointUrlProblem(parsed.data.url, context);
  if (problem) return apiError(422, "invalid_request", `Gerai cannot send to this address: ${problem}.`, { url: [problem] });
  const { endpoint, secret } = await createEndpoint(context.db, parsed.data);
  return Response.json({ ...endpointResource(endpoint), secret }, { status: 201, headers: { Location: `/api/v1/webhook-endpoints/${endpoint.id}` } });
}

export async function getEndpointFromApi(context: EndpointApiContext, request: Request, id: string): Promise<Response> {
  if (!(await authenticateApiRequest(request, context.auth))) return UNAUTHORIZED();
  const endpoint = await findEndpoint(context.db, id);
  return endpoint ? Response.json(endpointResource(endpoint)) : NOT_FOUND(id);
}

/** Switches an endpoint off or on (`{"enabled": false}`). */
export async function updateEndpointFromApi(context: EndpointApiContext, request: Request, id: string): Promise<Response> {
  if (!(await authenticateApiRequest(request, context.auth))) return UNAUTHORIZED();
  const json = await readJson(request);
  if (!json.ok) return json.response;
  const parsed = endpointUpdateSchema.safeParse(json.body);
  if (!parsed.success) return apiError(422, "invalid_request", "Send `enabled`: true or false.", fieldErrors(parsed.error));
  const endpoint = await setEndpointEnabled(context.db, id, parsed.data.enabled);
  return endpoint ? Response.json(endpointResource(endpoint)) : NOT_FOUND(id);
}

export async function deleteEndpointFromApi(context: EndpointApiContext, request: Request, id: string): Promise<Response> {
  if (!(await authenticateApiRequest(request, context.auth))) return UNAUTHORIZED();
  return (await deleteEndpoint(context.db, id)) ? new Response(null, { status: 204 }) : NOT_FOUND(id);
}
