// A server action is a POST to a page whose body React decodes into the action's arguments.
// Next.js answers every such request it cannot decode with a 500: a body that is not JSON, a
// reference to a part that is not there, a malformed multipart body, a forged or unparsable
// Origin, a body over its size limit. The proxy checks them here first and answers those 4xx,
// before Next.js reads them; the actions then parse the arguments themselves.
//
// What passes is the small part of React's reply format our own pages send: a JSON array of
// arguments made of plain values, escaped strings ("$$…") and FormData references ("$K…"), as a
// text body or as the part "0" of a multipart body. Everything else React could decode (promises,
// maps, streams, blobs, server references) none of our actions takes, so it is refused.

export interface ActionRequestProblem {
  status: 400 | 403 | 413;
  message: string;
}

/** Far above any form of ours (the checkout's is a few kB), far below Next.js' 1 MB. */
export const MAX_ACTION_BODY_BYTES = 256 * 1024;
const MAX_ARGUMENTS = 16;
const MAX_DEPTH = 32;

// The plain-value encodings of React's reply format (parseModelString): "$$" escapes a string
// that starts with "$", "$K<hex>" is a FormData, the rest are numbers, dates and undefined.
const PLAIN_REFERENCE = /^\$(?:\$[\s\S]*|K[0-9a-f]{1,8}|undefined|Infinity|-Infinity|-0|NaN|D[\s\S]*|n-?\d{1,300})$/;

/**
 * Why Next.js could not take this request as a server action, or null when it can (or when it is
 * no action at all). Next.js treats as possible actions the POSTs to pages that carry a
 * `Next-Action` header (fetch actions, from JavaScript) or a multipart body (form posts without
 * JavaScript). Routes under /api/ are route handlers that read their own bodies.
 */
export async function checkServerActionRequest(request: Request, pathname: string): Promise<ActionRequestProblem | null> {
  if (request.method !== "POST" || pathname.startsWith("/api/")) return null;
  const contentType = request.headers.get("content-type");
  // The same tests Next.js uses to choose its decoder.
  const multipart = contentType?.startsWith("multipart/form-data") ?? false;
  const fetchAction = request.headers.has("next-action");
  if (!fetchAction && !multipart) return null;

  const originProblem = checkOrigin(request.headers);
  if (originProblem) return originProblem;
  const body = await readBody(request);
  if ("status" in body) return body;

  if (!multipart) return checkArguments(new TextDecoder().decode(body.bytes));
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { "content-type": contentType! } }).formData();
  } catch {
    return { status: 400, message: "The multipart body is malformed." };
  }
  // Next.js' own multipart reader hands a part named "" on as a part without a name, and fails.
  if ([...form.keys()].includes("")) return { status: 400, message: "Every part of the form needs a name." };
  return fetchAction ? checkArguments(form.get("0")) : checkFormActions(form);
}

async function readBody(request: Request): Promise<{ bytes: ArrayBuffer } | ActionRequestProblem> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_ACTION_BODY_BYTES) return tooLarge();
  let bytes: ArrayBuffer;
  try {
    bytes = await request.arrayBuffer();
  } catch {
    return { status: 400, message: "The request body could not be read." };
  }
  return bytes.byteLength > MAX_ACTION_BODY_BYTES ? tooLarge() : { bytes };
}

/** A fetch action's arguments: the JSON array React decodes them from. */
function checkArguments(encoded: FormDataEntryValue | null): ActionRequestProblem | null {
  if (typeof encoded !== "string") return { status: 400, message: "The action's arguments are missing." };
  let args: unknown;
  try {
    args = JSON.parse(encoded);
  } catch {
    return { status: 400, message: "The action's arguments are not JSON." };
  }
  if (!Array.isArray(args) || args.length > MAX_ARGUMENTS) {
    return { status: 400, message: "The action's arguments must be a short list." };
  }
  if (!isPlainModel(args, 0)) return { status: 400, message: "The action's arguments hold values no action here takes." };
  return null;
}

/**
 * A form posted without JavaScript names its action in a field: `$ACTION_ID_<id>` (nothing to
 * decode), or `$ACTION_REF_<n>` with a descriptor `{"id":…,"bound":"$@<k>"}` in `$ACTION_<n>:0`
 * and the bound arguments in `$ACTION_<n>:<k>`, which React decodes like a fetch action's.
 */
function checkFormActions(form: FormData): ActionRequestProblem | null {
  for (const key of form.keys()) {
    if (!key.startsWith("$ACTION_REF_")) continue;
    const prefix = `$ACTION_${key.slice("$ACTION_REF_".length)}:`;
    const descriptor = parseJson(form.get(`${prefix}0`));
    if (
      descriptor === null ||
      typeof descriptor !== "object" ||
      Array.isArray(descriptor) ||
      typeof (descriptor as { id?: unknown }).id !== "string"
    ) {
      return { status: 400, message: "The form names its action in a way no page here does." };
    }
    const bound = (descriptor as { bound?: unknown }).bound;
    if (bound === null || bound === undefined) continue;
    const reference = typeof bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(bound) : null;
    if (!reference) return { status: 400, message: "The form names its action in a way no page here does." };
    const problem = checkArguments(form.get(`${prefix}${parseInt(reference[1]!, 16)}`));
    if (problem) return problem;
  }
  return null;
}

function parseJson(text: FormDataEntryValue | null): unknown {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isPlainModel(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === "string") return !value.startsWith("$") || PLAIN_REFERENCE.test(value);
  if (Array.isArray(value)) return value.every((item) => isPlainModel(item, depth + 1));
  if (value !== null && typeof value === "object") return Object.values(value).every((item) => isPlainModel(item, depth + 1));
  return true;
}

/**
 * Next.js refuses an action whose Origin is not this host (its CSRF check) but answers 500; an
 * Origin that is not a URL at all makes it throw. Same rule as Next.js: the first
 * X-Forwarded-Host, else Host, must equal the Origin's host.
 */
function checkOrigin(headers: Headers): ActionRequestProblem | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return { status: 400, message: "The Origin header is not a URL." };
  }
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host || originHost !== host) return { status: 403, message: "Server actions are only taken from this site's own pages." };
  return null;
}

function tooLarge(): ActionRequestProblem {
  return { status: 413, message: `Server action bodies are limited to ${MAX_ACTION_BODY_BYTES / 1024} KiB.` };
}
