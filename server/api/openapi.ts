import { generateOpenApiDocument } from "trpc-to-openapi";
import { env } from "@/server/env";
import { appRouter } from "./root";

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

/** The OpenAPI 3.1 document of REST API v1, generated from the procedures that carry `openapi` meta. */
export function openApiDocument() {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "Mini CRM API",
    description:
      "REST API v1 of Mini CRM. Authenticate with `Authorization: Bearer <API key>`; a key acts on its own business only.",
    version: "1.0.0",
    baseUrl: `${env.APP_URL}/api/v1`,
    docsUrl: `${env.APP_URL}/api/docs`,
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key (mcrm_…)" } },
  });
  return cached;
}
