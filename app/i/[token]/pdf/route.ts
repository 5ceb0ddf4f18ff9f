import { getDb } from "@/db/client";
import { handlePublicInvoicePdf } from "@/server/http/invoice-pdf";
import { errorResponse } from "@/server/http-errors";

export const dynamic = "force-dynamic";

/** The PDF behind a public invoice link: no sign-in, rate-limited, 404 for an unknown token. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const { token } = await params;
    return await handlePublicInvoicePdf(req, await getDb(), token);
  } catch (e) {
    return errorResponse(e, "public invoice PDF failed");
  }
}
