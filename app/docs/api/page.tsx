import type { Metadata } from "next";
import { env } from "@/lib/env";
import { createApiDocument } from "@/lib/merchant-api/openapi";

export const metadata: Metadata = { title: "API reference" };

// The merchant API's reference, rendered from the same OpenAPI document as /api/v1/openapi.json
// (in English, as the API itself is).

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};

/** Markdown's `code` spans, as the document writes them, shown as code. */
function Text({ children }: { children: string | undefined }) {
  return (children ?? "").split(/(`[^`]+`)/).map((part, index) =>
    part.startsWith("`") && part.endsWith("`") ? (
      <code key={index} className="rounded bg-black/5 px-1 font-mono text-[0.9em]">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

const METHODS = ["get", "post", "patch", "delete"] as const;
const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-emerald-100 text-emerald-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-900",
};

function typeOf(schema: Schema | undefined, components: Record<string, Schema>): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").at(-1)!;
  if (schema.anyOf) return schema.anyOf.map((option) => typeOf(option, components)).join(" | ");
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items, components)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "");
  return schema.format ? `${type} (${schema.format})` : type;
}

function Fields({ schema, components }: { schema: Schema; components: Record<string, Schema> }) {
  const resolved = schema.$ref ? components[schema.$ref.split("/").at(-1)!] : schema;
  if (!resolved?.properties) return <p className="font-mono text-xs">{typeOf(schema, components)}</p>;
  return (
    <ul className="divide-y divide-black/5 text-sm">
      {Object.entries(resolved.properties).map(([name, field]) => (
        <li key={name} className="py-1.5">
          <code className="font-semibold">{name}</code>
          {resolved.required?.includes(name) && <span className="ml-1 text-xs text-red-700">required</span>}
          <span className="ml-2 break-words font-mono text-xs text-ink/70">{typeOf(field, components)}</span>
          {field.description && (
            <p className="text-ink/70">
              <Text>{field.description}</Text>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

export default function ApiReferencePage() {
  const document = createApiDocument(env().appUrl);
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as Record<string, unknown>)[method]).map((method) => ({ path, method, operation: (item as Record<string, Operation>)[method]! })),
  );
  return (
    <main className="mx-auto max-w-4xl space-y-8 px-4 py-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{document.info.title}</h1>
        <p className="text-ink/75">
          <Text>{document.info.description}</Text>
        </p>
        <p className="text-sm">
          Machine-readable: <a className="font-mono text-brand-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {document.openapi})
        </p>
      </header>
      {operations.map(({ path, method, operation }) => (
        <section key={`${method} ${path}`} id={`${method}-${path}`} className="space-y-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid="operation">
          <h2 className="flex flex-wrap items-center gap-2">
            <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_STYLE[method]}`}>{method}</span>
            <code className="break-all font-mono text-sm font-semibold">{path}</code>
          </h2>
          <p className="font-semibold">{operation.summary}</p>
          {operation.description && (
            <p className="text-sm text-ink/75">
              <Text>{operation.description}</Text>
            </p>
          )}
          {operation.parameters?.length ? (
            <div>
              <h3 className="text-xs font-semibold uppercase text-ink/70">Parameters</h3>
              <ul className="divide-y divide-black/5 text-sm">
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}-${parameter.name}`} className="py-1.5">
                    <code className="font-semibold">{parameter.name}</code> <span className="text-xs text-ink/70">in {parameter.in}</span>
                    <span className="ml-2 break-words font-mono text-xs text-ink/70">{typeOf(parameter.schema, components)}</span>
                    {parameter.description && (
                      <p className="text-ink/70">
                        <Text>{parameter.description}</Text>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {operation.requestBody && (
            <div>
              <h3 className="text-xs font-semibold uppercase text-ink/70">Body (JSON)</h3>
              <Fields schema={Object.values(operation.requestBody.content)[0]!.schema} components={components} />
            </div>
          )}
          <div>
            <h3 className="text-xs font-semibold uppercase text-ink/70">Responses</h3>
            <ul className="text-sm">
              {Object.entries(operation.responses).map(([status, response]) => (
                <li key={status}>
                  <span className="font-mono font-semibold">{status}</span> <Text>{response.description}</Text>
                </li>
              ))}
            </ul>
          </div>
        </section>
      ))}
      <section className="space-y-3">
        <h2 className="text-2xl font-bold">Webhook events</h2>
        <p className="text-sm text-ink/75">
          <Text>{(Object.values(document.webhooks ?? {})[0] as { post: Operation } | undefined)?.post.description}</Text>
        </p>
        <p className="font-mono text-sm">{Object.keys(document.webhooks ?? {}).join(" · ")}</p>
        <div className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
          <Fields schema={components.OrderEvent ?? {}} components={components} />
        </div>
      </section>
      <section className="space-y-3">
        <h2 className="text-2xl font-bold">Schemas</h2>
        {Object.entries(components)
          .filter(([name]) => !name.endsWith("Output"))
          .map(([name, schema]) => (
            <div key={name} id={`schema-${name}`} className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
              <h3 className="font-mono font-semibold">{name}</h3>
              <Fields schema={schema} components={components} />
            </div>
          ))}
      </section>
    </main>
  );
}
