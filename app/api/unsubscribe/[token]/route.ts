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
    // (Compared with the Host the browser used: behind the rewrite, req.url may name another host.)
    if (!sameSite(req)) return text("Forbidden", 403);
    const action = fields.get("action");
    if (action !== "unsubscribe" && action !== "resubscribe") return text("Unknown action.", 400);
    if (action === "unsubscribe") await unsubscribe(db, token, { source: "unsubscribe_page", data });
    else await resubscribe(db, token, { data });
    // A relative Location (RFC 9110 §10.2.2): back to the page on the host the browser used.
    const done = action === "unsubscribe" ? "unsubscribed" : "resubscribed";
    return new Response(null, {
      status: 303,
      headers: { location: `/u/${encodeURIComponent(token)}?done=${done}`, "cache-control": "no-store" },
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return text("This unsubscribe link is not valid.", 404);
    throw e;
  }
}

/**
 * Whether a form POST comes from this site. Browsers say so in `Sec-Fetch-Site` (Fetch Metadata); the
 * page's no-referrer policy makes their `Origin` "null", so that header decides only for clients that
 * send no Fetch Metadata: absent (old clients) or naming the request's Host.
 */
function sameSite(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (!origin) return true;
  try {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
