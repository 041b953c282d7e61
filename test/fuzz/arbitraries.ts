import fc from "fast-check";

// The bad input the fuzz suites throw at Gerai (app/api/bad-input.int.test.ts in process,
// e2e/bad-input.spec.ts over HTTP): every generator here makes input the app must refuse with a
// 4xx and without changing anything. Shared so that both suites speak the same nastiness.

/** Fixed, printed with the results; FUZZ_SEED=<n> replays another run. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261123);

/** Characters that broke the app before (U+0000, lone surrogates) and their usual friends. */
const UNSTORABLE = ["\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"] as const;
const AWKWARD = ["%", "$", "$$", "$@1", "\\", '"', "'", "<script>", "\n", "\r\n", "\t", "\u202E", "\u2028", "\uFEFF", "😀", "‍", "ٮ", "../", "%00", "%ZZ"];

/** Any text at all, weighted towards what parsers and databases choke on. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.array(fc.constantFrom(...UNSTORABLE, ...AWKWARD), { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

/** Text PostgreSQL cannot store: U+0000 or a lone surrogate somewhere inside. */
const unstorableString = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...UNSTORABLE), fc.string({ maxLength: 12 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/**
 * Text with U+0000 inside: what survives a trip over HTTP in a form field. (A lone surrogate does
 * not: UTF-8 turns it into U+FFFD, which is valid text; JSON escapes can carry one.)
 */
export const nulString = fc
  .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
  .map(([before, after]) => `${before}\u0000${after}`);

/** Any JSON value, its strings drawn from `text`. */
export function jsonValue(text: fc.Arbitrary<string> = nastyString) {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 5 }),
      fc.dictionary(fc.oneof(text, fc.constantFrom("status", "order_id", "data", "amount", "id", "type")), tie("value"), {
        maxKeys: 6,
        noNullPrototype: true,
      }),
    ),
  })).value;
}

// ---------------------------------------------------------------------------------------------
// The merchant REST API: POST /api/v1/orders

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A valid order body, the starting point every bad one is made from. */
export const validOrderBody = fc.record({
  reference: fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
  store: fc.constantFrom("alfamart", "indomaret"),
  customer: fc.record({
    name: fc.constantFrom("Budi Santoso", "Siti Rahmawati", "Ni Luh Putu Ayu"),
    email: fc.constantFrom("budi@example.com", "siti.r@example.co.id"),
    phone: fc.constantFrom("0812 3456 7890", "+62 812-3456-7890", "081234567890"),
  }),
  items: fc.array(
    fc.record({
      sku: fc.constantFrom("kopi-gayo-250", "teh-melati-100"),
      name: fc.constantFrom("Kopi Arabika Gayo 250 g", "Teh Melati Tubruk 100 g"),
      unit_price: fc.integer({ min: 10_000, max: 200_000 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  description: fc.constantFrom("Pesanan toko", "Order 1001"),
  expires_in_minutes: fc.integer({ min: 30, max: 1440 }),
});
type OrderBody = Record<string, Json>;

/** Where text goes in an order body, and so where unstorable text can hide. */
const TEXT_FIELDS = ["reference", "customer.name", "customer.email", "customer.phone", "items.0.name", "items.0.sku", "description"];
/** Fields without which, or with another type, no order is valid. */
const REQUIRED_FIELDS = ["reference", "store", "customer", "customer.name", "customer.email", "customer.phone", "items", "items.0.name", "items.0.unit_price", "items.0.quantity"];

/** Sets (or with undefined, removes) a field; leaves the body alone where an earlier change already broke the path. */
function setPath(body: OrderBody, path: string, value: Json | undefined): OrderBody {
  const copy = structuredClone(body);
  const keys = path.split(".");
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== "object") return copy;
    node = (node as Record<string, Json>)[key] ?? null;
  }
  if (node === null || typeof node !== "object") return copy;
  const last = keys.at(-1)!;
  if (value === undefined) delete (node as Record<string, Json>)[last];
  else (node as Record<string, Json>)[last] = value;
  return copy;
}

/** One change that makes any valid order invalid. */
type Mutation = (body: OrderBody) => OrderBody;
const orderMutation: fc.Arbitrary<Mutation> = fc.oneof<fc.Arbitrary<Mutation>[]>(
  fc.tuple(fc.constantFrom(...TEXT_FIELDS), unstorableString).map(([path, text]) => (body: OrderBody) => setPath(body, path, text)),
  fc.constantFrom(...REQUIRED_FIELDS).map((path) => (body: OrderBody) => setPath(body, path, undefined)),
  fc
    .tuple(fc.constantFrom(...REQUIRED_FIELDS, "description", "expires_in_minutes", "items.0.sku"), fc.constantFrom<Json>(null, true, 12.5, [], { x: 1 }, ["a"]))
    .map(([path, value]) => (body: OrderBody) => setPath(body, path, value)),
  fc
    .tuple(
      fc.constantFrom("items.0.unit_price", "items.0.quantity", "expires_in_minutes"),
      fc.constantFrom<Json>(0, -1, 0.5, 1e21, 1_000_000_000, "12", Number.MAX_SAFE_INTEGER + 2),
    )
    .map(([path, value]) => (body: OrderBody) => setPath(body, path, value)),
  fc.constantFrom<Json>("", "ALFAMART", "circlek", "alfamart ", 0).map((store) => (body: OrderBody) => setPath(body, "store", store)),
  fc.constantFrom<Json>("", "INV 1001", "a".repeat(41), "x/y").map((reference) => (body: OrderBody) => setPath(body, "reference", reference)),
  fc.constantFrom<Json>("budi", "@example.com", "budi@", "0812").map((email) => (body: OrderBody) => setPath(body, "customer.email", email)),
  fc.constantFrom<Json>("12345", "0712 3456 7890", "+1 555 0100", "08123").map((phone) => (body: OrderBody) => setPath(body, "customer.phone", phone)),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), jsonValue()).map(
    ([key, value]) => (body: OrderBody) => setPath(body, `unknown_${key}`.replaceAll(".", "_"), value as Json),
  ),
  fc.constant((body: OrderBody) => setPath(body, "items", [])),
  fc.constant((body: OrderBody) => setPath(body, "items", Array.from({ length: 101 }, () => ({ name: "Kopi", unit_price: 10_000, quantity: 1 })))),
  // Each line fits, the total (Rp 200.000.000) does not.
  fc.constant((body: OrderBody) => setPath(setPath(body, "items.0.unit_price", 100_000_000), "items.0.quantity", 2)),
);

/** A body POST /api/v1/orders must refuse: a valid order with at least one thing wrong, or not an order at all. */
export const badOrderBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(validOrderBody, fc.array(orderMutation, { minLength: 1, maxLength: 3 })).map(([body, mutations]) => JSON.stringify(mutations.reduce((acc, mutate) => mutate(acc), body as unknown as OrderBody))) },
  { weight: 2, arbitrary: jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom("", "{", "null", "[]", '{"reference":', "\u0000", '{"a":1}{"b":2}') },
);

/** Authorization headers that are not the merchant's key. */
export const wrongAuthorization = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("Bearer", "Bearer ", "bearer sk_sandbox_gerai_merchant_0002", "Basic c2s6", "sk_sandbox_gerai_merchant_0001", "Bearer sk_sandbox_gerai_merchant_000"),
  fc.string({ maxLength: 40 }).map((token) => `Bearer ${token}`.replace(/[^\t\x20-\x7e]/g, "")),
);

// ---------------------------------------------------------------------------------------------
// Ids in addresses

/** What may stand where an id belongs in a path: nonsense, near misses, unstorable text. */
export const idLike = fc.oneof(
  nastyString,
  unstorableString,
  fc.stringMatching(/^[0-9A-Za-z]{22}$/), // a well-formed public id nobody was given
  fc.stringMatching(/^ord_[0-9A-Za-z]{20}$/), // a well-formed order id that does not exist
  fc.stringMatching(/^[0-9A-Za-z_-]{1,80}$/),
  fc.constantFrom(".", "..", "%", "null", "undefined", "0", "-1", "ord_", "AAAAAAAAAAAAAAAAAAAAAAA"),
).filter((id) => id.length > 0);

/** A path segment with percent-escapes, valid and malformed ones mixed. */
export const escapedSegment = fc
  .array(
    fc.oneof(
      fc.constantFrom("%", "%Z", "%ZZ", "%E0%A4%A", "%E0%A4", "%ED%A0%80", "%C0%AF", "%FF", "%80", "%00", "%2F", "%25", "%F0%9F%98", "%u0041"),
      fc.string({ unit: "binary-ascii", maxLength: 3 }).map((text) => encodeURIComponent(text)),
      fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(""))
  .filter((text) => text.length > 0);

// ---------------------------------------------------------------------------------------------
// Server actions

/** Bodies no server action can take: not React's reply format, or values no action accepts. */
export const badActionBody = fc.oneof(
  nastyString,
  jsonValue().map((value) => JSON.stringify(value)),
  fc.array(jsonValue(), { maxLength: 4 }).map((args) => JSON.stringify(args)),
  fc.constantFrom('["$1"]', '["$@1"]', '["$h1"]', '["$Q1"]', '["$W1"]', '["$T"]', '["$B1"]', '["$R1"]', '["$K1"]', '["$nx"]', '"abc"', "5", "{}", "null", "[" .repeat(60)),
);
