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
  doc.paths["/purchases/imports"] = {
    post: {
      operationId: "purchases-import",
      summary: "Import purchases (orders) from a CSV or XLSX file",
      description:
        "Each row an order: order id, the customer's email or phone (matched to an existing customer), date, items (`Shampoo x2; Conditioner`) and amount in the business's currency. An order id already imported is skipped, or updated with `onDuplicate=update`. Every row not taken comes back in `errors` with its reason. At most 50,000 rows.",
      tags: ["purchases"],
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: {
              type: "object",
              required: ["file"],
              properties: {
                file: { type: "string", format: "binary" },
                mapping: {
                  type: "string",
                  description:
                    'JSON `{ "<column header>": "orderId" | "email" | "phone" | "date" | "items" | "amount" | "ignore" }` over the suggested mapping',
                },
                onDuplicate: { type: "string", enum: ["skip", "update"] },
              },
            },
          },
        },
      },
      responses: {
        "200": {
          description: "What was imported",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  rows: { type: "integer" },
                  created: { type: "integer" },
                  updated: { type: "integer" },
                  skipped: { type: "integer" },
                  failed: { type: "integer" },
                  customers: { type: "integer" },
                  errors: {
                    type: "array",
                    items: {
                      type: "object",
                      properties: {
                        row: { type: "integer" },
                        orderId: { type: ["string", "null"] },
                        reason: { type: "string" },
                      },
                    },
                  },
                  mapping: { type: "object", additionalProperties: { type: "string" } },
                },
              },
            },
          },
        },
        "401": { description: "No valid API key" },
        "413": { description: "Over 100 MB" },
        "422": { description: "A file that cannot be imported, or a mapping missing a column it needs" },
      },
    },
  };
  doc.paths["/products/imports"] = {
    post: {
      operationId: "products-import",
      summary: "Import products and services from a CSV or XLSX file",
      description:
        "Columns for the name and price, and optionally unit, tax rate (18, 18% or 0.18), HSN/SAC code and description. A name already in the catalog is skipped, or updated with `onDuplicate=update`. Every row not taken comes back in `errors`. At most 20,000 rows.",
      tags: ["products"],
      security: [{ bearerAuth: [] }],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: {
              type: "object",
              required: ["file"],
              properties: {
                file: { type: "string", format: "binary" },
                mapping: {
                  type: "string",
                  description:
                    'JSON `{ "<column header>": "name" | "description" | "unitPrice" | "unit" | "taxRate" | "hsnSac" | "ignore" }`',
                },
                onDuplicate: { type: "string", enum: ["skip", "update"] },
              },
            },
          },
        },
      },
      responses: {
        "200": {
          description:
            "`{ rows, created, updated, skipped, failed, errors: [{ row, name, reason }], mapping }`",
        },
        "401": { description: "No valid API key" },
        "413": { description: "Over 100 MB" },
        "422": { description: "A file that cannot be imported, or no name or price column" },
      },
    },
  };
}
