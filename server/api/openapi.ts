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
  // A handful of hosts at most (localhost, a LAN address): bounded anyway.
  if (cached.size < 20) cached.set(base, doc);
  return doc;
}
