import { getDb } from "@/db/client";
import { isAppError } from "@/server/errors";
import { limitBody } from "@/server/http/body-limit";
import { chargeUnsubscribeRequest } from "@/server/http/unsubscribe-limit";
import { resubscribe, unsubscribe } from "@/server/services/unsubscribe";

/*
 * POST /u/{token} lands here. Next.js cannot hold a page (GET /u/{token}, app/u/[token]/page.tsx) and a
 * route handler in the same folder, so proxy.ts rewrites POSTs to /u/{token} onto this handler: the link
 * in the email stays one URL for people (GET, the page) and for mail clients (POST, RFC 8058).
 *
 * Two kinds of POST:
 * - RFC 8058 one-click, sent by a mail client's Unsubscribe button: the body (form-encoded or
 *   multipart) has `List-Unsubscribe=One-Click`. Answer 200 with a short text, never a redirect (the
 *   client would not follow it), no cookies or session needed.
 * - The page's form (works without JavaScript): `action=unsubscribe` or `action=resubscribe`. Answer 303
 *   back to the page with `?done=…`, which then shows the result.
 * A token that does not verify is 404 either way; both are rate-limited per client IP.
 */

const MAX_BODY_BYTES = 8 * 1024;

async function formFields(req: Request): Promise<URLSearchParams> {
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("multipart/form-data")) {
    const data = await req.formData().catch(() => null);
    const fields = new URLSearchParams();
    for (const [k, v] of data?.entries() ?? []) if (typeof v === "string") fields.append(k, v);
    return fields;
  }
  return new URLSearchParams(await req.text());
}

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers },
  });

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wait = await chargeUnsubscribeRequest(req.headers);
  if (wait > 0) return text("Too many requests. Try again shortly.", 429, { "retry-after": String(wait) });

  const limited = await limitBody(req, MAX_BODY_BYTES);
  if (limited instanceof Response) return limited;
  const fields = await formFields(limited);
  const userAgent = req.headers.get("user-agent")?.slice(0, 300) ?? null;
  const data = userAgent ? { userAgent } : {};
  const db = await getDb();

  try {
    if (fields.get("List-Unsubscribe") === "One-Click") {
      await unsubscribe(db, token, { source: "one_click_unsubscribe", data });
      return text("You are unsubscribed.", 200);
    }
    // The page's own form: same-origin only, so another site cannot resubscribe someone.
    const origin = req.headers.get("origin");
    if (origin && origin !== new URL(req.url).origin) return text("Forbidden", 403);
    const action = fields.get("action");
    if (action !== "unsubscribe" && action !== "resubscribe") return text("Unknown action.", 400);
    if (action === "unsubscribe") await unsubscribe(db, token, { source: "unsubscribe_page", data });
    else await resubscribe(db, token, { data });
    const page = new URL(`/u/${encodeURIComponent(token)}`, req.url);
    page.searchParams.set("done", action === "unsubscribe" ? "unsubscribed" : "resubscribed");
    return Response.redirect(page, 303);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return text("This unsubscribe link is not valid.", 404);
    throw e;
  }
}
