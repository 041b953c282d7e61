import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { openTestDatabase } from "@/test/database";
import {
  createEndpointFromApi,
  deleteEndpointFromApi,
  getEndpointFromApi,
  listEndpointsFromApi,
  updateEndpointFromApi,
  type EndpointApiContext,
} from "./webhook-endpoints";
import { createdWebhookEndpointSchema, webhookEndpointListSchema } from "./resources";

// /api/v1/webhook-endpoints through its use cases: the secret shown once, addresses Gerai must
// not call refused with a 422, and nothing changed by a request that is refused.

const API_KEY = "sk_test_endpoints_0001";
let database: OpenedDatabase;
let context: EndpointApiContext;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.merchantWebhookEndpoint.deleteMany();
  context = { db: database.db, auth: { db: database.db, configuredKey: API_KEY, deploymentMode: "live" }, production: true, allowedHosts: [] };
});
afterAll(async () => database?.close());

const request = (body?: unknown, key: string | null = API_KEY) =>
  new Request("http://gerai.test/api/v1/webhook-endpoints", {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

describe("webhook endpoints over the API", () => {
  it("creates an endpoint and shows its secret once", async () => {
    const created = await createEndpointFromApi(context, request({ url: "https://toko.example.id/hooks", event_types: ["order.paid", "order.paid", "order.expired"] }));
    expect(created.status).toBe(201);
    const body = createdWebhookEndpointSchema.parse(await created.json());
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(body).toMatchObject({ event_types: ["order.paid", "order.expired"], enabled: true });
    expect(created.headers.get("location")).toBe(`/api/v1/webhook-endpoints/${body.id}`);

    const listed = webhookEndpointListSchema.parse(await (await listEndpointsFromApi(context, request())).json());
    expect(JSON.stringify(listed)).not.toContain(body.secret);
    const one = await getEndpointFromApi(context, request(), body.id);
    expect(await one.json()).toMatchObject({ id: body.id, url: "https://toko.example.id/hooks" });
    expect(JSON.stringify(await (await getEndpointFromApi(context, request(), body.id)).json())).not.toContain(body.secret);

    const off = await updateEndpointFromApi(context, new Request("http://gerai.test", { method: "PATCH", headers: { Authorization: `Bearer ${API_KEY}` }, body: '{"enabled":false}' }), body.id);
    expect(await off.json()).toMatchObject({ enabled: false });
    expect((await deleteEndpointFromApi(context, request(), body.id)).status).toBe(204);
    expect((await getEndpointFromApi(context, request(), body.id)).status).toBe(404);
  });

  it("refuses what it must not call or cannot read, with a 4xx that changes nothing", async () => {
    const before = await database.db.merchantWebhookEndpoint.count();
    const cases: [unknown, number, string][] = [
      [{ url: "http://toko.example.id/hooks", event_types: ["order.paid"] }, 422, "https"],
      [{ url: "https://127.0.0.1/hooks", event_types: ["order.paid"] }, 422, "not a public address"],
      [{ url: "https://[::1]/hooks", event_types: ["order.paid"] }, 422, "not a public address"],
      [{ url: "https://10.1.2.3/hooks", event_types: ["order.paid"] }, 422, "not a public address"],
      [{ url: "https://localhost/hooks", event_types: ["order.paid"] }, 422, "not a public address"],
      [{ url: "https://user:pass@toko.example.id/hooks", event_types: ["order.paid"] }, 422, "user name"],
      [{ url: "ftp://toko.example.id/", event_types: ["order.paid"] }, 422, "invalid_request"],
      [{ url: "https://toko.example.id/hooks", event_types: [] }, 422, "event"],
      [{ url: "https://toko.example.id/hooks", event_types: ["order.refunded"] }, 422, "invalid_request"],
      ["{not json", 400, "invalid_json"],
    ];
    for (const [body, status, says] of cases) {
      const answer = await createEndpointFromApi(context, request(body));
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(await answer.text(), JSON.stringify(body)).toContain(says);
    }
    expect((await createEndpointFromApi(context, request({ url: "https://toko.example.id/hooks", event_types: ["order.paid"] }, null))).status).toBe(401);
    expect((await createEndpointFromApi(context, request({ url: "https://toko.example.id/hooks", event_types: ["order.paid"] }, "sk_wrong"))).status).toBe(401);
    expect((await deleteEndpointFromApi(context, request(undefined, null), "we_x")).status).toBe(401);
    expect((await deleteEndpointFromApi(context, request(), "we_missing")).status).toBe(404);
    expect(await database.db.merchantWebhookEndpoint.count()).toBe(before);
  });

  it("allows a private host on the allow-list (development and tests)", async () => {
    const allowed = await createEndpointFromApi({ ...context, allowedHosts: ["127.0.0.1"] }, request({ url: "http://127.0.0.1:9999/hooks", event_types: ["order.paid"] }));
    expect(allowed.status).toBe(201);
  });
});
