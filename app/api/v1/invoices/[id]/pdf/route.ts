import { handleInvoicePdf } from "@/server/http/invoice-pdf";
import { withBusiness } from "@/server/http/with-business";

export const dynamic = "force-dynamic";

/** REST v1 `GET /invoices/{id}/pdf`: the document's PDF for an API key of its business (`invoices.read`). */
export const GET = withBusiness<{ id: string }>(
  "invoices.read",
  (req, gate, { id }) => handleInvoicePdf(req, id, gate),
  { what: "invoice PDF failed", accept: "apiKey" },
);
