import { getDb } from "@/db/client";
import { paymentProviders } from "@/server/domain/payments";
import { isAppError } from "@/server/errors";
import { chargePublicInvoiceRequest } from "@/server/http/invoice-pdf";
import { logger } from "@/server/logger";
import { startCheckout } from "@/server/services/payments";

export const dynamic = "force-dynamic";

/*
 * POST /i/{token}/pay/{stripe|razorpay}: the Pay buttons of the public invoice page, plain HTML forms
 * (no script needed). Answers 303 See Other to the provider's hosted payment page, or back to the
 * invoice page with `?pay=` saying why not (paid meanwhile, provider unreachable). Rate-limited per IP
 * with the page; an unknown token or provider is a plain 404.
 */
export async function POST(
  req: Request,
  { params }: { params: Promise<{ token: string; provider: string }> },
) {
  const { token, provider } = await params;
  const wait = await chargePublicInvoiceRequest(req.headers);
  if (wait > 0)
    return new Response("Too many requests. Try again shortly.", {
      status: 429,
      headers: { "retry-after": String(wait), "content-type": "text/plain; charset=utf-8" },
    });
  const p = paymentProviders.find((x) => x === provider);
  if (!p) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const back = (why: string) =>
    new Response(null, { status: 303, headers: { location: `/i/${encodeURIComponent(token)}?pay=${why}` } });
  try {
    const { url } = await startCheckout(await getDb(), token, p);
    return new Response(null, { status: 303, headers: { location: url } });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND")
      return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
    if (isAppError(e) && e.code === "CONFLICT") return back("nothing-due");
    if (!isAppError(e)) logger.error({ err: e }, "online checkout failed");
    return back("unavailable");
  }
}
