import { TRPCError } from "@trpc/server";
import { getDb } from "@/db/client";
import { createCaller } from "@/server/api/root";
import { clientIp } from "@/server/auth/client-ip";
import { isAppError } from "@/server/errors";
import { limitBody } from "@/server/http/body-limit";

/**
 * The sign-up, forgot-password and reset-password forms posted without JavaScript (before the page's
 * script has loaded, or with it turned off): the browser POSTs the fields here (never a GET carrying the
 * password in the URL), the same procedures as the scripted forms run, and the answer is a 303 redirect to
 * the next page, or back to the form with `?error=` naming what to fix.
 */
export async function POST(req: Request, { params }: { params: Promise<{ form: string }> }) {
  const { form } = await params;
  const back = new URL(req.url);
  // Same-origin posts only: a page elsewhere cannot sign someone up or request resets in their name.
  const origin = req.headers.get("origin");
  if (origin && origin !== back.origin) return new Response("Forbidden", { status: 403 });
  const limited = await limitBody(req, 16 * 1024);
  if (limited instanceof Response) return limited;
  const fields = new URLSearchParams(await limited.text());
  const text = (name: string) => fields.get(name) ?? "";
  const optional = (name: string) => fields.get(name) || undefined;
  const api = createCaller({ db: await getDb(), user: null, apiKey: null, ip: clientIp(req.headers) });
  const go = (path: string, query: Record<string, string | undefined> = {}) => {
    const url = new URL(path, back.origin);
    for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
    return Response.redirect(url, 303);
  };
  const failed = (path: string, e: unknown, query: Record<string, string | undefined> = {}) => {
    if (!isAppError(e) && !(e instanceof TRPCError)) throw e;
    return go(path, { ...query, error: e.message });
  };

  if (form === "sign-up") {
    const email = text("email");
    const next = optional("next");
    try {
      const result = await api.auth.signUp({
        name: text("name"),
        email,
        password: text("password"),
        next,
        invitationToken: optional("invitationToken"),
      });
      return go(result.emailVerified ? "/sign-in" : "/verify-email", { email, next });
    } catch (e) {
      return failed("/sign-up", e, { email, next });
    }
  }
  if (form === "forgot-password") {
    const email = text("email");
    try {
      await api.auth.requestPasswordReset({ email });
      return go("/forgot-password", { sent: email });
    } catch (e) {
      return failed("/forgot-password", e, { email });
    }
  }
  if (form === "reset-password") {
    const token = text("token");
    try {
      const { email } = await api.auth.resetPassword({ token, password: text("password") });
      return go("/sign-in", { reset: "1", email });
    } catch (e) {
      return failed(`/reset-password/${encodeURIComponent(token)}`, e);
    }
  }
  return new Response("Not found", { status: 404 });
}
