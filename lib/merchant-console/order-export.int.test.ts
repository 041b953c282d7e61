import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { newId, newPublicId } from "@/lib/ids";
import { openTestDatabase } from "@/test/database";
import { merchantCookie, signInAs } from "@/test/merchant-session";
import { exportOrdersCsv, ordersCsvResponse } from "./order-export";

// The CSV export streams every order the filters select in keyset batches, one batch read each
// time the client takes the previous one, never the whole list in one query.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

const ORDERS = 2_500;
const start = Date.UTC(2026, 5, 1);
let database: OpenedDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.order.createMany({
    data: Array.from({ length: ORDERS }, (_, index) => ({
      id: `ord_${String(index).padStart(20, "0")}`,
      publicId: newPublicId(),
      reference: `EXP-${index}`,
      status: index % 5 === 0 ? ("expired" as const) : ("paid" as const),
      amount: 10_000 + index,
      store: "indomaret" as const,
      source: "api",
      customerName: index === 7 ? "=cmd|' /C calc'!A0" : `Pembeli, "${index}"`,
      customerEmail: `p${index}@example.com`,
      customerPhone: "081200000000",
      description: "export",
      expiryMinutes: 60,
      // Pairs share a creation instant: the keyset must order ties by id and lose none of them.
      createdAt: new Date(start + Math.floor(index / 2) * 1000),
      paidAt: index % 5 === 0 ? null : new Date(start + index * 1000 + 60_000),
    })),
  });
  await database.db.charge.create({
    data: { id: newId("chg"), orderId: `ord_${"0".repeat(19)}1`, attempt: 1, provider: "doku", store: "indomaret", reference: "EXP-1-1", idempotencyKey: newId("idem"), status: "paid", amount: 10_001, paymentCode: "8888000011112222" },
  });
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await signInAs(database.db, "viewer");
});

async function readAll(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
  return { chunks: chunks.length, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks)) };
}

describe("orders CSV export", () => {
  it("streams every order in batches of 1,000, each read only when the previous one is taken", async () => {
    const findMany = vi.spyOn(database.db.order, "findMany");
    const stream = await exportOrdersCsv(database.db, {}, 1000);
    expect(findMany).not.toHaveBeenCalled(); // nothing is read before the client asks
    const reader = stream.getReader();
    await reader.read(); // the header
    await reader.read(); // the first batch
    expect(findMany).toHaveBeenCalledTimes(1);
    reader.releaseLock();
    const { text } = await readAll(stream);
    expect(findMany).toHaveBeenCalledTimes(3);
    expect(findMany.mock.calls.map(([args]) => (args?.where?.id as { in: string[] }).in.length)).toEqual([1000, 1000, 500]);
    findMany.mockRestore();
    // The first batch was taken above; the rest are here, every order once, newest first.
    const references = text.trim().split("\r\n").map((line) => line.split(",")[0]);
    expect(references).toHaveLength(1500);
    expect(references.at(-1)).toBe("EXP-0");
    expect(new Set(references).size).toBe(1500);
  });

  it("writes a BOM, the header, rupiah as integers, times in WIB and cells escaped", async () => {
    const { text } = await readAll(await exportOrdersCsv(database.db, { status: "paid" }));
    expect(text.startsWith("\uFEFFreference,created_at,status,store,provider,payment_code,amount_idr,paid_at,needs_attention,customer_name,customer_email,customer_phone,order_id\r\n")).toBe(true);
    const lines = text.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(1 + ORDERS * 0.8);
    expect(lines).toContain(`EXP-1,2026-06-01T07:00:00+07:00,paid,indomaret,doku,8888000011112222,10001,2026-06-01T07:01:01+07:00,false,"Pembeli, ""1""",p1@example.com,081200000000,ord_${"0".repeat(19)}1`);
    expect(lines.find((line) => line.startsWith("EXP-7,"))).toContain(`,'=cmd|' /C calc'!A0,`);
  });

  it("answers 401 without a session, and names the file with the WIB date", async () => {
    merchantCookie.value = undefined;
    const url = new URL("http://localhost/api/merchant/orders/export?status=expired");
    const refused = await ordersCsvResponse(async () => database.db, url);
    expect(refused.status).toBe(401);
    await signInAs(database.db, "viewer");
    const response = await ordersCsvResponse(async () => database.db, url);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="gerai-orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await response.text()).trim().split("\r\n")).toHaveLength(1 + ORDERS / 5);
  });
});
