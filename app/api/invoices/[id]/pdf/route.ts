import { handleInvoicePdf } from "@/server/http/invoice-pdf";
import { withBusiness } from "@/server/http/with-business";

export const dynamic = "force-dynamic";

/** The PDF of an invoice, quote or credit note for a member of its business (`invoices.read`). */
export const GET = withBusiness<{ id: string }>(
  "invoices.read",
  (req, gate, { id }) => handleInvoicePdf(req, id, gate),
  { what: "invoice PDF failed" },
);
