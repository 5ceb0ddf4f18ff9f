import { Preview, Text } from "@react-email/components";
import {
  BusinessEmailButton,
  BusinessEmailFrame,
  businessEmailColors as colors,
} from "./components/business-frame";

/*
 * The receipt a customer gets when an invoice is paid online (Stripe or Razorpay webhook): from the
 * business, with the amount, the invoice number, how it was paid and a link back to the invoice page
 * (which shows it Paid and has its PDF). A transactional message about their own payment: no
 * unsubscribe link.
 */

export interface PaymentReceiptProps {
  businessName: string;
  customerName: string | null;
  /** "₹1,770.00" */
  amount: string;
  invoiceNumber: string;
  /** "Razorpay (upi)", "Stripe (card)" */
  paidWith: string;
  /** Provider's payment id, for the customer's records. */
  paymentId: string;
  /** "Paid in full" or "₹500.00 still due". */
  balance: string;
  invoiceUrl: string | null;
}

/** The subject line: "Payment received: ₹1,770.00 for INV/2026-27/0001". */
export function paymentReceiptSubject(p: PaymentReceiptProps): string {
  return `Payment received: ${p.amount} for ${p.invoiceNumber}`;
}

const line = { color: colors.text, fontSize: "15px", lineHeight: "22px", margin: "0 0 10px" };

export default function PaymentReceipt(p: PaymentReceiptProps) {
  return (
    <BusinessEmailFrame
      preview={<Preview>{paymentReceiptSubject(p)}</Preview>}
      footnote={`You received this receipt because you paid ${p.businessName} online.`}
    >
      <Text style={{ ...line, fontSize: "13px", color: colors.muted }}>{p.businessName}</Text>
      <Text style={{ ...line, fontSize: "22px", fontWeight: 700 }}>Thank you for your payment</Text>
      <Text style={line}>{p.customerName ? `Dear ${p.customerName},` : "Hello,"}</Text>
      <Text style={line}>
        We received <strong>{p.amount}</strong> for invoice <strong>{p.invoiceNumber}</strong>, paid with{" "}
        {p.paidWith}. {p.balance}.
      </Text>
      <Text style={{ ...line, color: colors.muted, fontSize: "13px" }}>Payment reference: {p.paymentId}</Text>
      {p.invoiceUrl ? <BusinessEmailButton href={p.invoiceUrl}>View the invoice</BusinessEmailButton> : null}
    </BusinessEmailFrame>
  );
}
