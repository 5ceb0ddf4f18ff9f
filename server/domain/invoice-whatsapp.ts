/**
 * Filling a WhatsApp template with an invoice (pure). A business makes an invoice template in WhatsApp
 * Manager and we fill it by convention, so it needs no mapping: named variables by what their name says
 * (`{{customer_name}}`, `{{amount}}`, `{{due_date}}`, `{{link}}`, `{{invoice_number}}`), numbered ones in
 * the order of the suggested body "Hello {{1}}, your invoice {{5}} of {{2}} is due on {{3}}. View and
 * pay: {{4}}" — 1 the customer's name, 2 the amount due, 3 the due date, 4 the link, 5 the invoice
 * number — and a URL button's variable as the link's last part (a button `https://…/i/{{1}}`).
 */

/** What an invoice offers a template. */
export interface InvoiceTemplateValues {
  customerName: string;
  /** Formatted: "₹1,770.00". */
  amountDue: string;
  /** Formatted: "15 Dec 2026", or "on receipt". */
  dueDate: string;
  /** The public page to view and pay. */
  link: string;
  /** The token at the end of the link (for a URL button). */
  linkToken: string;
  number: string;
}

const byPosition: (keyof InvoiceTemplateValues)[] = [
  "customerName",
  "amountDue",
  "dueDate",
  "link",
  "number",
];

/** The invoice value a variable named `name` asks for, by the words in its name; null when none fits. */
function byName(name: string): keyof InvoiceTemplateValues | null {
  const n = name.toLowerCase();
  if (/link|url|pay_?page/.test(n)) return "link";
  if (/number|invoice_?no|^invoice$|ref/.test(n)) return "number";
  if (/amount|total|balance|price/.test(n)) return "amountDue";
  if (/due|date/.test(n)) return "dueDate";
  if (/name|customer/.test(n)) return "customerName";
  return null;
}

/**
 * The values of a template's variable slots (keys as `whatsappSlots` gives them: `header.1`, `body.2`,
 * `body.customer_name`, `button.0.1`) for an invoice, by the convention above. Slots it cannot fill
 * (media headers, coupon codes, unknown names) are left out, for the template's own mapping to fill.
 * Output: `{ [slotKey]: text }`.
 */
export function invoiceTemplateVariables(
  slots: readonly { key: string; component: string }[],
  v: InvoiceTemplateValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const slot of slots) {
    const [component, a, b] = slot.key.split(".");
    if (component === "button") {
      if (b && b !== "code") out[slot.key] = v.linkToken;
      continue;
    }
    if (!a || a === "media") continue;
    const field = /^\d+$/.test(a)
      ? component === "header"
        ? "number"
        : (byPosition[Number(a) - 1] ?? null)
      : byName(a);
    if (field) out[slot.key] = v[field];
  }
  return out;
}
