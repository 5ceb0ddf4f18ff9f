import { openApiDocument } from "@/server/api/openapi";
import { publicUrlOf } from "@/server/public-url";

/** The OpenAPI 3.1 document of REST API v1; its server URL is the address this request came to. */
export function GET(req: Request) {
  return Response.json(openApiDocument(publicUrlOf(req)));
}
