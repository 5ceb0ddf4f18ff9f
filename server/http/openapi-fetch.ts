import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler, type OpenApiRouter } from "trpc-to-openapi";

/**
 * The REST adapter: answers a fetch `Request` with the tRPC procedure whose `openapi` meta matches its
 * method and path, as trpc-to-openapi's `createOpenApiFetchHandler` does, but with the table of routes
 * built once per process. The library's fetch handler rebuilds that table (every procedure, a regular
 * expression per path) on every request, which took about 5 % of a REST request's time in the app
 * process. Input: the router, `endpoint` (the path prefix, e.g. `/api/v1`) and `createContext`, given the
 * original request. Output: `(req) => Promise<Response>`, JSON in and out. A JSON body that does not
 * parse is PARSE_ERROR (400) when the procedure reads it; other errors as the library maps them.
 */
export function createRestHandler<TContext>(opts: {
  router: OpenApiRouter;
  endpoint: string;
  createContext: (req: Request) => Promise<TContext> | TContext;
}): (req: Request) => Promise<Response> {
  const originals = new WeakMap<object, Request>();
  const nodeHandler = createOpenApiNodeHttpHandler({
    router: opts.router,
    createContext: ({ req }: { req: object }) => opts.createContext(originals.get(req) ?? (req as Request)),
  } as never) as unknown as (req: Request, res: CollectedResponse) => Promise<void>;

  return async (req) => {
    const url = new URL(req.url.replace(opts.endpoint, "")).toString();
    const body = await readJsonBody(req);
    const proxied = new Proxy(req, {
      get: (target, prop) => {
        if (prop === "url") return url;
        if (prop === "body") {
          if (!body.ok)
            throw new TRPCError({
              code: "PARSE_ERROR",
              message: "Failed to parse request body",
              cause: body.cause,
            });
          return body.data;
        }
        return target[prop as keyof Request];
      },
    });
    originals.set(proxied, req);
    return new Promise<Response>((resolve, reject) => {
      const res = new CollectedResponse(resolve);
      nodeHandler(proxied, res).catch(reject);
    });
  };
}

type BodyRead = { ok: true; data: unknown } | { ok: false; cause: unknown };

/** A JSON body parsed (the procedure reads it through the proxy); any other body is left as it is. */
async function readJsonBody(req: Request): Promise<BodyRead> {
  if (!req.headers.get("content-type")?.includes("application/json")) return { ok: true, data: req.body };
  try {
    return { ok: true, data: JSON.parse(await req.text()) };
  } catch (cause) {
    return { ok: false, cause };
  }
}

/** The part of a Node response the library's handler writes to, turned into a fetch `Response`. */
class CollectedResponse {
  statusCode = 200;
  private readonly headers = new Headers();
  constructor(private readonly resolve: (res: Response) => void) {}
  setHeader(key: string, value: string | readonly string[]) {
    if (typeof value === "string") this.headers.set(key, value);
    else for (const v of value) this.headers.append(key, v);
  }
  end(body?: string) {
    this.resolve(new Response(body, { headers: this.headers, status: this.statusCode }));
  }
}
