import type { invoiceKinds, invoiceStatuses } from "@/db/schema/enum-values";

type Status = (typeof invoiceStatuses)[number];
type Kind = (typeof invoiceKinds)[number];

export const invoiceStatusLabels: Record<Status | "overdue" | "sent", string> = {
  sent: "Sent",
  draft: "Draft",
  issued: "Unpaid",
  partially_paid: "Partly paid",
  paid: "Paid",
  void: "Void",
  accepted: "Accepted",
  declined: "Declined",
  overdue: "Overdue",
};

export const invoiceStatusVariants: Record<
  Status | "overdue" | "sent",
  "default" | "secondary" | "outline" | "success" | "warning" | "destructive"
> = {
  sent: "secondary",
  draft: "outline",
  issued: "secondary",
  partially_paid: "warning",
  paid: "success",
  void: "outline",
  accepted: "success",
  declined: "outline",
  overdue: "destructive",
};

export const invoiceKindLabels: Record<Kind, string> = {
  invoice: "Invoice",
  quote: "Quote",
  credit_note: "Credit note",
};

/** The status a person sees: overdue wins over unpaid and partly paid; an issued quote or credit note is "sent". */
export function shownStatus(i: {
  kind: Kind;
  status: Status;
  overdue: boolean;
}): Status | "overdue" | "sent" {
  if (i.kind !== "invoice" && i.status === "issued") return "sent";
  return i.overdue ? "overdue" : i.status;
}

/** GST rates offered for Indian businesses (basis points). */
export const gstRates = [0, 500, 1200, 1800, 2800] as const;
