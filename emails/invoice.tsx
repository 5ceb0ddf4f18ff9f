import { Preview, Text } from "@react-email/components";
import {
  BusinessEmailButton,
  BusinessEmailFrame,
  businessEmailColors as colors,
} from "./components/business-frame";

/*
 * An invoice (or quote, or credit note) emailed to the customer, its PDF attached; and the payment
 * reminders before and after the due date. From the business, with the amount due, the due date, an
 * optional personal message and a button to the invoice page, where it can be paid online. Transactional
 * (about the customer's own bill): no unsubscribe link.
 */

export interface InvoiceEmailProps {
  businessName: string;
  customerName: string | null;
  /** "Invoice", "Quote", "Credit note" */
  documentLabel: string;
  number: string;
  /** The document's total, formatted: "₹1,770.00". */
  total: string;
  /** What is still to pay, formatted; null when nothing is (a credit note, a paid invoice). */
  amountDue: string | null;
  /** "15 Dec 2026"; null when due on receipt or not an invoice. */
  dueDate: string | null;
  /** `sent`: the document itself; `reminder`: a payment reminder, `daysFromDue` days from the due date. */
  purpose: "sent" | "reminder";
  /** For reminders: negative before the due date, 0 on it, positive after. */
  daysFromDue?: number;
  /** A note from the sender, shown above the summary. */
  message?: string | null;
  /** The public invoice page (view, download, pay); null when the document has none. */
  invoiceUrl: string | null;
  /** Whether the page offers online payment. */
  payOnline: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The subject: "Invoice INV/2026-27/0001 from Clinic", or a reminder's "Payment reminder: … is due in 3 days". */
export function invoiceEmailSubject(p: InvoiceEmailProps): string {
  if (p.purpose === "sent") return `${p.documentLabel} ${p.number} from ${p.businessName}`;
  const d = p.daysFromDue ?? 0;
  if (d < 0)
    return `Payment reminder: ${p.documentLabel.toLowerCase()} ${p.number} is due in ${plural(-d, "day")}`;
  if (d === 0) return `Payment reminder: ${p.documentLabel.toLowerCase()} ${p.number} is due today`;
  return `Overdue: ${p.documentLabel.toLowerCase()} ${p.number} was due ${plural(d, "day")} ago`;
}

const line = { color: colors.text, fontSize: "15px", lineHeight: "22px", margin: "0 0 10px" };

export default function InvoiceEmail(p: InvoiceEmailProps) {
  const heading =
    p.purpose === "sent"
      ? `${p.documentLabel} ${p.number}`
      : (p.daysFromDue ?? 0) > 0
        ? "Your payment is overdue"
        : "A friendly payment reminder";
  const summary =
    p.amountDue && p.dueDate
      ? `${p.amountDue} is due on ${p.dueDate}.`
      : p.amountDue
        ? `${p.amountDue} is due on receipt.`
        : `The total is ${p.total}.`;
  return (
    <BusinessEmailFrame
      preview={<Preview>{invoiceEmailSubject(p)}</Preview>}
      footnote={`You received this email because ${p.businessName} billed you. The ${p.documentLabel.toLowerCase()} is attached as a PDF.`}
    >
      <Text style={{ ...line, fontSize: "13px", color: colors.muted }}>{p.businessName}</Text>
      <Text style={{ ...line, fontSize: "22px", fontWeight: 700 }}>{heading}</Text>
      <Text style={line}>{p.customerName ? `Dear ${p.customerName},` : "Hello,"}</Text>
      {p.message ? <Text style={{ ...line, whiteSpace: "pre-line" }}>{p.message}</Text> : null}
      <Text style={line}>
        {p.purpose === "sent" ? (
          <>
            Please find {p.documentLabel.toLowerCase()} <strong>{p.number}</strong> for{" "}
            <strong>{p.total}</strong> attached.{" "}
          </>
        ) : (
          <>
            This is a reminder about {p.documentLabel.toLowerCase()} <strong>{p.number}</strong>.{" "}
          </>
        )}
        {summary}
      </Text>
      {p.invoiceUrl ? (
        <BusinessEmailButton href={p.invoiceUrl}>
          {p.payOnline && p.amountDue
            ? `View and pay ${p.amountDue}`
            : `View the ${p.documentLabel.toLowerCase()}`}
        </BusinessEmailButton>
      ) : null}
      {p.purpose === "reminder" ? (
        <Text style={{ ...line, color: colors.muted, fontSize: "13px", marginTop: "16px" }}>
          If you have already paid, thank you, and please ignore this reminder.
        </Text>
      ) : null}
    </BusinessEmailFrame>
  );
}
