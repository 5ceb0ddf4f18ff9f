import { describe, expect, it } from "vitest";
import { invoiceTemplateVariables } from "@/server/domain/invoice-whatsapp";

const values = {
  customerName: "Meera",
  amountDue: "₹1,770.00",
  dueDate: "15 Dec 2026",
  link: "https://crm.example.com/i/tok123",
  linkToken: "tok123",
  number: "INV/2026-27/0007",
};

describe("an invoice in a WhatsApp template", () => {
  it("fills numbered body variables by position, a text header with the number, a URL button with the token", () => {
    const slots = [
      { key: "header.1", component: "header" },
      { key: "body.1", component: "body" },
      { key: "body.2", component: "body" },
      { key: "body.3", component: "body" },
      { key: "body.4", component: "body" },
      { key: "body.5", component: "body" },
      { key: "body.6", component: "body" },
      { key: "button.0.1", component: "button" },
      { key: "button.1.code", component: "button" },
    ];
    expect(invoiceTemplateVariables(slots, values)).toEqual({
      "header.1": "INV/2026-27/0007",
      "body.1": "Meera",
      "body.2": "₹1,770.00",
      "body.3": "15 Dec 2026",
      "body.4": "https://crm.example.com/i/tok123",
      "body.5": "INV/2026-27/0007",
      "button.0.1": "tok123",
    });
  });

  it("fills named variables by what their names say, and leaves the rest to the template's mapping", () => {
    const slots = [
      "customer_name",
      "amount_due",
      "due_date",
      "pay_link",
      "invoice_number",
      "clinic_hours",
    ].map((n) => ({ key: `body.${n}`, component: "body" }));
    expect(invoiceTemplateVariables(slots, values)).toEqual({
      "body.customer_name": "Meera",
      "body.amount_due": "₹1,770.00",
      "body.due_date": "15 Dec 2026",
      "body.pay_link": "https://crm.example.com/i/tok123",
      "body.invoice_number": "INV/2026-27/0007",
    });
  });
});
