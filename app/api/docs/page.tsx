import { ArrowLeftIcon, KeyRoundIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Logo } from "@/components/layout/logo";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";
import { openApiDocument } from "@/server/api/openapi";

export const metadata: Metadata = {
  title: "API reference",
  description: "REST API v1 of Mini CRM: authentication, errors and every endpoint with a curl example.",
};

type JsonSchema = { [key: string]: unknown };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface MediaType {
  schema?: JsonSchema;
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: unknown[];
}

interface ApiDocument {
  info?: { title?: string; description?: string; version?: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const methods = ["get", "post", "put", "patch", "delete"] as const;
type Method = (typeof methods)[number];

interface Endpoint {
  id: string;
  method: Method;
  path: string;
  operation: Operation;
}

const methodStyle: Record<Method, string> = {
  get: "bg-success/15 text-success border-success/30",
  post: "bg-primary/10 text-primary border-primary/30",
  put: "bg-warning/20 text-warning-foreground border-warning/40 dark:text-warning",
  patch: "bg-warning/20 text-warning-foreground border-warning/40 dark:text-warning",
  delete: "bg-destructive/10 text-destructive border-destructive/30",
};

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function endpointsOf(doc: ApiDocument): Endpoint[] {
  const list: Endpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      list.push({
        id: `${method}${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, ""),
        method,
        path,
        operation: operation as Operation,
      });
    }
  }
  return list;
}

/** A small example value for a JSON schema (enough for a curl body or a sample response). */
function exampleOf(schema: unknown, doc: ApiDocument, depth = 0): unknown {
  if (!isRecord(schema) || depth > 6) return null;
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop() ?? "";
    return exampleOf(doc.components?.schemas?.[name], doc, depth + 1);
  }
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("default" in schema) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const first = options.find((o) => !(isRecord(o) && o.type === "null"));
      return exampleOf(first, doc, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const props = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(v, doc, depth + 1)]));
    }
    case "array":
      return [exampleOf(schema.items, doc, depth + 1)];
    case "string":
      switch (schema.format) {
        case "date-time":
          return "2026-01-31T09:30:00.000Z";
        case "date":
          return "2026-01-31";
        case "uuid":
          return "3f1c2b9e-8a4d-4e6f-9b1a-2c3d4e5f6a7b";
        case "email":
          return "asha@example.com";
        case "uri":
          return "https://example.com";
        default:
          return "string";
      }
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return true;
    default:
      return null;
  }
}

/**
 * JSON indented by two spaces, with any array or object that fits in `width` columns (indentation
 * included) kept on one line, so schemas stay narrow enough to read on a phone.
 */
function compactJson(value: unknown, indent = "", width = 44): string {
  const inline = inlineJson(value);
  if (typeof value !== "object" || value === null || indent.length + inline.length <= width) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) {
      // A long list of plain values (e.g. `required`): as many per line as fit.
      const lines: string[] = [];
      for (const item of value.map((v) => JSON.stringify(v) ?? "null")) {
        const last = lines.length - 1;
        if (last >= 0 && inner.length + `${lines[last]}, ${item}`.length <= width)
          lines[last] = `${lines[last]}, ${item}`;
        else lines.push(item);
      }
      return `[\n${lines.map((l) => inner + l).join(",\n")}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + compactJson(v, inner, width)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width)}`)
    .join(",\n")}\n${indent}}`;
}

/** JSON on one line with a space after commas and colons. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A schema as compact JSON for reading. A `pattern` next to a `format` (zod's long uuid regex) is left
 * out: the format says the same thing more readably.
 */
function pretty(schema: unknown): string {
  const withoutPatterns = JSON.parse(
    JSON.stringify(schema, function (this: JsonSchema, key, value: unknown) {
      if (key === "pattern" && typeof this.format === "string") return undefined;
      return value;
    }),
  ) as unknown;
  return compactJson(withoutPatterns);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function curlFor(endpoint: Endpoint, baseUrl: string, doc: ApiDocument): string {
  const params = endpoint.operation.parameters ?? [];
  let path = endpoint.path;
  for (const p of params.filter((p) => p.in === "path")) path = path.replace(`{${p.name}}`, `<${p.name}>`);
  const query = params
    .filter((p) => p.in === "query" && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=<${p.name}>`)
    .join("&");
  const url = `${baseUrl}${path}${query ? `?${query}` : ""}`;
  const lines = [
    `curl ${endpoint.method === "get" ? "" : `-X ${endpoint.method.toUpperCase()} `}${shellQuote(url)}`,
  ];
  lines.push(`  -H "Authorization: Bearer $MINI_CRM_API_KEY"`);
  const body = endpoint.operation.requestBody?.content?.["application/json"]?.schema;
  if (body) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d ${shellQuote(JSON.stringify(exampleOf(body, doc)))}`);
  }
  return lines.join(" \\\n");
}

function schemaType(schema: JsonSchema | undefined): string {
  if (!schema) return "";
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  if (Array.isArray(schema.enum)) return `${String(type ?? "enum")}: ${schema.enum.map(String).join(", ")}`;
  return `${typeof type === "string" ? type : "value"}${format}`;
}

function CodeBlock({ children, wrap = false }: { children: string; wrap?: boolean }) {
  return (
    <pre
      data-wrap={wrap || undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: lets keyboard users scroll long lines
      tabIndex={0}
      className="max-w-full overflow-x-auto rounded-lg border data-wrap:break-all data-wrap:whitespace-pre-wrap bg-muted/60 p-3 font-mono text-xs leading-relaxed focus-visible:outline-2 focus-visible:outline-ring"
    >
      <code>{children}</code>
    </pre>
  );
}

function MethodBadge({ method }: { method: Method }) {
  return (
    <Badge variant="outline" className={cn("font-mono uppercase", methodStyle[method])}>
      {method}
    </Badge>
  );
}

function EndpointSection({
  endpoint,
  baseUrl,
  doc,
}: {
  endpoint: Endpoint;
  baseUrl: string;
  doc: ApiDocument;
}) {
  const { operation } = endpoint;
  const params = operation.parameters ?? [];
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(operation.responses ?? {});
  const successes = responses.filter(([status]) => status.startsWith("2"));
  const failures = responses.filter(([status]) => !status.startsWith("2"));
  return (
    <section
      id={endpoint.id}
      aria-labelledby={`${endpoint.id}-title`}
      className="grid min-w-0 scroll-mt-20 gap-4"
    >
      <div className="grid gap-2">
        <h3
          id={`${endpoint.id}-title`}
          className="flex min-w-0 flex-wrap items-center gap-2 text-lg font-semibold"
        >
          <MethodBadge method={endpoint.method} />
          <code className="font-mono text-base break-all">{endpoint.path}</code>
        </h3>
        {operation.summary ? <p className="font-medium">{operation.summary}</p> : null}
        {operation.description && operation.description !== operation.summary ? (
          <p className="text-sm text-muted-foreground">{operation.description}</p>
        ) : null}
      </div>

      {params.length > 0 ? (
        <div className="grid gap-2">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ul className="divide-y rounded-lg border">
            {params.map((p) => (
              <li key={`${p.in}-${p.name}`} className="grid gap-1 p-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="font-mono font-medium break-all">{p.name}</code>
                  <span className="text-xs text-muted-foreground">in {p.in}</span>
                  {p.required ? (
                    <Badge variant="secondary">required</Badge>
                  ) : (
                    <span className="text-xs text-muted-foreground">optional</span>
                  )}
                </div>
                <p className="text-xs break-words text-muted-foreground">{schemaType(p.schema)}</p>
                {p.description ? <p className="text-muted-foreground">{p.description}</p> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {body ? (
        <div className="grid min-w-0 gap-2">
          <h4 className="text-sm font-semibold">Request body (JSON)</h4>
          <CodeBlock>{pretty(body)}</CodeBlock>
        </div>
      ) : null}

      {successes.map(([status, response]) => {
        const schema = response.content?.["application/json"]?.schema;
        if (!schema) return null;
        return (
          <div key={status} className="grid min-w-0 gap-2">
            <h4 className="text-sm font-semibold">
              Response {status}
              {response.description ? (
                <span className="font-normal text-muted-foreground"> · {response.description}</span>
              ) : null}
            </h4>
            <CodeBlock>{pretty(schema)}</CodeBlock>
            <details className="group rounded-lg border px-3 py-2 text-sm">
              <summary className="cursor-pointer font-medium text-muted-foreground select-none group-open:mb-2">
                Example response
              </summary>
              <CodeBlock>{compactJson(exampleOf(schema, doc))}</CodeBlock>
            </details>
          </div>
        );
      })}

      {failures.length > 0 ? (
        <div className="grid gap-2">
          <h4 className="text-sm font-semibold">Errors</h4>
          <ul className="flex flex-wrap gap-2 text-sm">
            {failures.map(([status, response]) => {
              const ref = response.content?.["application/json"]?.schema?.$ref;
              const name = typeof ref === "string" ? ref.split("/").pop() : undefined;
              const label = (
                <>
                  <span className="font-mono font-medium">{status}</span>
                  {response.description ? (
                    <span className="text-muted-foreground">{response.description}</span>
                  ) : null}
                </>
              );
              return (
                <li key={status}>
                  {name ? (
                    <a
                      href={`#schema-${name}`}
                      className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                    >
                      {label}
                    </a>
                  ) : (
                    <span className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1">
                      {label}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      <div className="grid min-w-0 gap-2">
        <h4 className="text-sm font-semibold">Example</h4>
        <CodeBlock wrap>{curlFor(endpoint, baseUrl, doc)}</CodeBlock>
      </div>
    </section>
  );
}

export default async function ApiDocsPage() {
  // Rendered per request so the base URL follows APP_URL at run time, not at build time.
  await connection();
  const doc = openApiDocument() as unknown as ApiDocument;
  const baseUrl = (doc.servers?.[0]?.url ?? "/api/v1").replace(/\/$/, "");
  const endpoints = endpointsOf(doc);
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const errorExample = compactJson({
    message: "Sign in or provide a valid API key.",
    code: "UNAUTHORIZED",
    data: { code: "UNAUTHORIZED", httpStatus: 401 },
  });

  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-10 border-b bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Logo />
            <span className="hidden text-sm text-muted-foreground sm:inline">API reference</span>
          </div>
          <ThemeToggle />
        </div>
      </header>

      <div className="mx-auto grid max-w-6xl gap-10 px-4 py-8 sm:px-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <nav aria-label="Endpoints" className="min-w-0 lg:sticky lg:top-20 lg:self-start">
          <h2 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
            Endpoints
          </h2>
          <ul className="grid gap-1 text-sm">
            {endpoints.map((e) => (
              <li key={e.id}>
                <a
                  href={`#${e.id}`}
                  className="flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <span className="w-12 shrink-0 font-mono text-xs text-muted-foreground uppercase">
                    {e.method}
                  </span>
                  <span className="truncate font-mono text-xs">{e.path}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>

        <main id="main" className="grid min-w-0 gap-12">
          <section aria-labelledby="intro-title" className="grid min-w-0 gap-4">
            <div className="grid gap-2">
              <Badge variant="secondary">v{doc.info?.version ?? "1"}</Badge>
              <h1 id="intro-title" className="text-3xl font-semibold tracking-tight">
                {doc.info?.title ?? "Mini CRM API"}
              </h1>
              <p className="max-w-prose text-muted-foreground">
                A JSON REST API over the same rules as the app. Every request acts on the business the API key
                belongs to; owners and admins create keys under the business settings.
              </p>
            </div>

            <div className="grid min-w-0 gap-2">
              <h2 className="text-sm font-semibold">Base URL</h2>
              <CodeBlock wrap>{baseUrl}</CodeBlock>
            </div>

            <div className="grid min-w-0 gap-2">
              <h2 className="flex items-center gap-2 text-sm font-semibold">
                <KeyRoundIcon className="size-4" aria-hidden="true" />
                Authentication
              </h2>
              <p className="text-sm text-muted-foreground">
                Send your API key as a bearer token on every request. Keep keys secret: anyone with a key can
                act on the business.
              </p>
              <CodeBlock>{"Authorization: Bearer <key>"}</CodeBlock>
            </div>

            <div className="grid min-w-0 gap-2">
              <h2 className="text-sm font-semibold">Errors</h2>
              <p className="text-sm text-muted-foreground">
                Errors answer with an HTTP status and a JSON body.{" "}
                <strong className="text-foreground">401</strong> means the key is missing, revoked or wrong;{" "}
                <strong className="text-foreground">404</strong> means the record does not exist in the
                key&apos;s business. Invalid input answers 400 with <code className="font-mono">issues</code>.
              </p>
              <CodeBlock>{errorExample}</CodeBlock>
            </div>

            <p className="text-sm text-muted-foreground">
              Machine-readable spec (OpenAPI 3.1):{" "}
              <a
                href="/api/v1/openapi.json"
                className="font-medium text-primary underline-offset-4 hover:underline"
              >
                /api/v1/openapi.json
              </a>
            </p>
          </section>

          <section aria-labelledby="endpoints-title" className="grid min-w-0 gap-10">
            <h2 id="endpoints-title" className="border-b pb-2 text-2xl font-semibold tracking-tight">
              Endpoints
            </h2>
            {endpoints.length === 0 ? (
              <p className="text-sm text-muted-foreground">No endpoints are published yet.</p>
            ) : (
              endpoints.map((e) => <EndpointSection key={e.id} endpoint={e} baseUrl={baseUrl} doc={doc} />)
            )}
          </section>

          {schemas.length > 0 ? (
            <section aria-labelledby="schemas-title" className="grid min-w-0 gap-6">
              <h2 id="schemas-title" className="border-b pb-2 text-2xl font-semibold tracking-tight">
                Schemas
              </h2>
              {schemas.map(([name, schema]) => (
                <div key={name} id={`schema-${name}`} className="grid min-w-0 scroll-mt-20 gap-2">
                  <h3 className="font-mono text-base font-semibold break-all">{name}</h3>
                  <CodeBlock>{pretty(schema)}</CodeBlock>
                </div>
              ))}
            </section>
          ) : null}

          <Link
            href="/"
            className="inline-flex w-fit items-center gap-2 text-sm text-muted-foreground hover:text-foreground"
          >
            <ArrowLeftIcon className="size-4" aria-hidden="true" />
            Mini CRM home
          </Link>
        </main>
      </div>
    </div>
  );
}
