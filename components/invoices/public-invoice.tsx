import type { InvoiceDocument } from "@/server/domain/invoice-document";
import { formatMoney } from "@/server/domain/money";

const titles = { invoice: "Invoice", quote: "Quote", credit_note: "Credit note" } as const;
const statusWords: Record<InvoiceDocument["status"], string> = {
  draft: "Draft",
  issued: "Due",
  partially_paid: "Partly paid",
  paid: "Paid",
  overdue: "Overdue",
  void: "Void",
  accepted: "Accepted",
  declined: "Declined",
  expired: "Expired",
};

/** A date (`YYYY-MM-DD`) as "5 Dec 2026" in `locale`. */
function day(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${iso}T00:00:00Z`));
}

/**
 * An invoice, quote or credit note as its customer sees it on the public page: mobile-first, server
 * rendered, no JavaScript. Seller and buyer, lines with their taxes, totals, amount in words, what is due
 * and how to pay it: a "Pay by UPI" link that opens the phone's UPI apps, and bank details.
 */
export function PublicInvoice({
  doc,
  pdfHref,
  payActions = [],
  notice,
}: {
  doc: InvoiceDocument;
  pdfHref: string;
  /** Online payment buttons: each posts (a plain form) to its `action` and goes to the provider's page. */
  payActions?: { provider: "stripe" | "razorpay"; action: string }[];
  /** A line shown above the invoice, e.g. after coming back from paying. */
  notice?: string | null;
}) {
  const money = (n: number) => formatMoney(n, doc.currency, doc.locale);
  const payable = doc.kind === "invoice" && doc.amountDue > 0 && doc.status !== "void";
  return (
    <article className="mx-auto grid w-full max-w-2xl gap-5 px-4 py-6 text-sm sm:py-10">
      {notice ? (
        <p role="status" className="rounded-md border bg-muted p-3">
          {notice}
        </p>
      ) : null}
      <header className="grid gap-1">
        <p className="text-muted-foreground">{doc.seller.name}</p>
        <h1 className="text-2xl font-semibold break-words">
          {titles[doc.kind]} {doc.number}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-muted-foreground">
          <span
            className={
              doc.status === "paid"
                ? "rounded-full bg-success px-2 py-0.5 text-xs font-semibold text-success-foreground"
                : doc.status === "overdue"
                  ? "rounded-full bg-destructive px-2 py-0.5 text-xs font-semibold text-white"
                  : "rounded-full border px-2 py-0.5 text-xs font-semibold text-foreground"
            }
          >
            {doc.kind !== "invoice" && doc.status === "issued" ? "Sent" : statusWords[doc.status]}
          </span>
          <span>Issued {day(doc.issueDate, doc.locale)}</span>
          {doc.dueDate && payable ? <span>· due {day(doc.dueDate, doc.locale)}</span> : null}
        </p>
        <p>
          <a href={pdfHref} className="font-medium underline underline-offset-4">
            Download PDF
          </a>
        </p>
      </header>

      {payable ? (
        <section aria-label="Pay" className="grid gap-3 rounded-lg border p-4">
          <p className="text-base">
            Amount due: <strong className="text-xl">{money(doc.amountDue)}</strong>
          </p>
          {payActions.map((p) => (
            <form key={p.provider} method="post" action={p.action}>
              <button
                type="submit"
                className="inline-flex h-11 w-full items-center justify-center rounded-md bg-primary px-4 font-medium text-primary-foreground outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                {p.provider === "stripe"
                  ? `Pay ${money(doc.amountDue)} by card`
                  : `Pay ${money(doc.amountDue)} with Razorpay (UPI, cards, netbanking)`}
              </button>
            </form>
          ))}
          {doc.upi ? (
            <a
              href={doc.upi.uri}
              className="inline-flex h-11 items-center justify-center rounded-md bg-primary px-4 font-medium text-primary-foreground outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              Pay {money(doc.amountDue)} by UPI
            </a>
          ) : null}
          {doc.upi ? <p className="text-muted-foreground">UPI id: {doc.upi.vpa}</p> : null}
          {doc.bankDetails?.length ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {doc.bankDetails.map((b) => (
                <div key={b.label} className="contents">
                  <dt className="text-muted-foreground">{b.label}</dt>
                  <dd className="break-all">{b.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>
      ) : null}

      <section className="grid gap-4 sm:grid-cols-2" aria-label="Parties">
        {[
          ["From", doc.seller],
          ["Billed to", doc.buyer],
        ].map(([label, p]) => {
          const party = p as InvoiceDocument["seller"];
          return (
            <div key={label as string} className="grid gap-0.5">
              <h2 className="text-xs font-medium text-muted-foreground uppercase">{label as string}</h2>
              <p className="font-medium break-words">{party.name}</p>
              {party.addressLines.map((l) => (
                <p key={l} className="break-words">
                  {l}
                </p>
              ))}
              {party.taxId ? (
                <p>
                  {party.taxIdLabel ?? "Tax id"} {party.taxId}
                </p>
              ) : null}
            </div>
          );
        })}
      </section>
      {doc.placeOfSupply ? (
        <p>
          Place of supply: {doc.placeOfSupply.name} ({doc.placeOfSupply.code})
        </p>
      ) : null}

      <section aria-label="Lines">
        <ul className="grid divide-y rounded-lg border">
          {doc.lines.map((l) => (
            <li key={l.position} className="flex flex-wrap justify-between gap-2 p-3">
              <span className="min-w-0 flex-1 basis-40">
                <span className="block font-medium break-words">{l.description}</span>
                <span className="text-muted-foreground">
                  {l.quantity}
                  {l.unit ? ` ${l.unit}` : ""} × {money(l.unitPrice)}
                  {l.hsnSac ? ` · HSN/SAC ${l.hsnSac}` : ""}
                </span>
                {l.taxes.length ? (
                  <span className="block text-muted-foreground">
                    {l.taxes
                      .map((t) => `${t.name} ${t.rateBasisPoints / 100}% ${money(t.amount)}`)
                      .join(" · ")}
                  </span>
                ) : null}
              </span>
              <span className="tabular-nums">{money(l.total)}</span>
            </li>
          ))}
        </ul>
      </section>

      <dl className="ml-auto grid w-full max-w-xs grid-cols-2 gap-1 tabular-nums">
        <dt>Taxable value</dt>
        <dd className="text-right">{money(doc.subtotal - doc.discount)}</dd>
        {doc.taxTotals.map((t) => (
          <div key={`${t.name}${t.rateBasisPoints}`} className="contents">
            <dt>
              {t.name} {t.rateBasisPoints / 100}%
            </dt>
            <dd className="text-right">{money(t.amount)}</dd>
          </div>
        ))}
        {doc.rounding ? (
          <>
            <dt>Rounding</dt>
            <dd className="text-right">{money(doc.rounding)}</dd>
          </>
        ) : null}
        <dt className="font-semibold">Total</dt>
        <dd className="text-right font-semibold">{money(doc.total)}</dd>
        {doc.amountPaid ? (
          <>
            <dt>Paid</dt>
            <dd className="text-right">{money(doc.amountPaid)}</dd>
          </>
        ) : null}
      </dl>
      <p className="text-muted-foreground">Amount in words: {doc.amountInWords}</p>
      {doc.notes ? <p className="whitespace-pre-line break-words">{doc.notes}</p> : null}
      {doc.terms ? (
        <p className="whitespace-pre-line break-words text-muted-foreground">{doc.terms}</p>
      ) : null}
    </article>
  );
}
