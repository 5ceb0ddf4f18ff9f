import { generateOpenApiDocument } from "trpc-to-openapi";
import { env } from "@/server/env";
import { appRouter } from "./root";

const cached = new Map<string, ReturnType<typeof generateOpenApiDocument>>();

/**
 * The OpenAPI 3.1 document of REST API v1, generated from the procedures that carry `openapi` meta, with
 * `publicUrl` (default `APP_URL`) as its server: `/api/v1/openapi.json` passes the request's public URL.
 */
export function openApiDocument(publicUrl: string = env.APP_URL) {
  const base = publicUrl.replace(/\/+$/, "");
  let doc = cached.get(base);
  if (doc) return doc;
  doc = generateOpenApiDocument(appRouter, {
    title: "Mini CRM API",
    description:
      "REST API v1 of Mini CRM. Authenticate with `Authorization: Bearer <API key>`; a key acts on its own business only.",
    version: "1.0.0",
    baseUrl: `${base}/api/v1`,
    docsUrl: `${base}/api/docs`,
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key (mcrm_…)" } },
  });
  addRouteHandlerPaths(doc);
  // A handful of hosts at most (localhost, a LAN address): bounded anyway.
  if (cached.size < 20) cached.set(base, doc);
  return doc;
}

/** REST v1 endpoints served by route handlers rather than procedures (files, not JSON). */
function addRouteHandlerPaths(doc: ReturnType<typeof generateOpenApiDocument>) {
  doc.paths ??= {};
  doc.paths["/invoices/{id}/pdf"] = {
    get: {
      operationId: "invoices-pdf",
      summary: "The PDF of an invoice, quote or credit note",
      description:
        "Inline unless `download=1`. Carries an `ETag`; send it back in `If-None-Match` for a `304` while the document is unchanged.",
      tags: ["invoices"],
      security: [{ bearerAuth: [] }],
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        { name: "download", in: "query", required: false, schema: { type: "string", enum: ["1"] } },
      ],
      responses: {
        "200": {
          description: "The PDF",
          content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
        },
        "304": { description: "Not modified since the ETag sent" },
        "401": { description: "No valid API key" },
        "404": { description: "No such document in the key's business" },
      },
    },
  };
}
