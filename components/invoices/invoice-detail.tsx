"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { CopyButton } from "@/components/lead-forms/copy-button";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { formatMoney, moneyInputText, parseMoney } from "@/server/domain/money";
import {
  invoiceKindLabels,
  invoiceStatusLabels,
  invoiceStatusVariants,
  shownStatus,
} from "./invoice-display";
import { methods, PaymentForm } from "./payment-form";
import { SendInvoiceForm } from "./send-invoice-form";

/** How a recorded payment was made, in words; online payments name their provider. */
const methodLabels: Record<string, string> = {
  ...Object.fromEntries(methods),
  stripe: "Stripe",
  razorpay: "Razorpay",
};

/**
 * One invoice, quote or credit note: its number and status, the parties, the lines with their taxes, the
 * totals, what is paid and due, and the payments. Drafts can be edited, issued or deleted; issued
 * invoices take payments (a form on the page) or are voided, and have a link for the customer.
 */
export function InvoiceDetail({ invoiceId }: { invoiceId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("invoices.write");
  const canManage = useCan("invoices.manage");
  const dates = useFormatDate();
  const input = { businessId: business.id, invoiceId };
  const invoice = useQuery(trpc.invoices.get.queryOptions(input));
  const payments = useQuery(trpc.invoices.payments.queryOptions(input));
  const link = useQuery({
    ...trpc.invoices.publicUrl.queryOptions(input),
    enabled: invoice.data ? invoice.data.status !== "draft" : false,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.invoices.get.queryKey(input) }),
      queryClient.invalidateQueries({ queryKey: trpc.invoices.payments.queryKey(input) }),
      queryClient.invalidateQueries({ queryKey: trpc.invoices.publicUrl.queryKey(input) }),
      queryClient.invalidateQueries({ queryKey: trpc.invoices.list.pathKey() }),
    ]);
  const onError = (e: unknown) => toast.error(messageOf(e));
  const issue = useMutation(
    trpc.invoices.issue.mutationOptions({
      onSuccess: (d) => {
        toast.success(`Issued as ${d.number}.`);
        return refresh();
      },
      onError,
    }),
  );
  const voidIt = useMutation(trpc.invoices.void.mutationOptions({ onSuccess: () => refresh(), onError }));
  const creditNote = useMutation(
    trpc.invoices.createCreditNote.mutationOptions({
      onSuccess: async (d) => {
        toast.success("Credit note drafted with the invoice's lines: change them to credit part of it.");
        await refresh();
        router.push(`/b/${business.slug}/invoices/${d.id}/edit`);
      },
      onError,
    }),
  );
  const refund = useMutation(
    trpc.invoices.refundPayment.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          `${formatMoney(r.amount, r.currency)} refunded through ${r.provider === "stripe" ? "Stripe" : "Razorpay"}${r.status === "pending" ? " (pending at the provider)" : ""}; a credit note records it.`,
        );
        return refresh();
      },
      onError,
    }),
  );
  const router = useRouter();
  const convert = useMutation(
    trpc.invoices.convertQuote.mutationOptions({
      onSuccess: async (d) => {
        toast.success("Invoice drafted from the quote.");
        await refresh();
        router.push(`/b/${business.slug}/invoices/${d.id}`);
      },
      onError,
    }),
  );

  if (invoice.isPending)
    return (
      <div aria-busy="true" className="rounded-lg border p-4">
        <span className="sr-only" role="status">
          Loading the invoice
        </span>
        <ListSkeleton rows={5} />
      </div>
    );
  if (invoice.isError)
    return (
      <QueryError
        error={invoice.error}
        title="The invoice could not load"
        onRetry={() => invoice.refetch()}
      />
    );
  const i = invoice.data;
  const money = (n: number) => formatMoney(n, i.currency);
  const shown = shownStatus(i);
  const kind = invoiceKindLabels[i.kind];
  const publicUrl = link.data?.url ?? null;

  return (
    <div className="min-w-0">
      <PageHeader
        title={i.number ?? `${kind} draft`}
        description={`${kind}${i.issueDate ? ` of ${dates.day(i.issueDate)}` : ""}${i.dueDate ? `, due ${dates.day(i.dueDate)}` : ""}`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <a href={`/api/invoices/${i.id}/pdf`} target="_blank" rel="noreferrer">
                PDF
              </a>
            </Button>
            {!canWrite ? null : i.status === "draft" ? (
              <>
                <Button asChild variant="outline">
                  <Link href={`/b/${business.slug}/invoices/${i.id}/edit`}>Edit</Link>
                </Button>
                <Button
                  loading={issue.isPending}
                  onClick={() => {
                    if (
                      window.confirm(
                        `Issue this ${kind.toLowerCase()}? It gets its number and cannot be edited after.`,
                      )
                    )
                      issue.mutate(input);
                  }}
                >
                  Issue
                </Button>
              </>
            ) : i.kind === "quote" && i.status === "issued" ? (
              <Button loading={convert.isPending} onClick={() => convert.mutate(input)}>
                Make invoice
              </Button>
            ) : i.kind === "invoice" && i.status !== "void" && i.amountCredited < i.total ? (
              <>
                <Button
                  variant="outline"
                  loading={creditNote.isPending}
                  onClick={() => creditNote.mutate(input)}
                >
                  Credit note
                </Button>
                {i.amountPaid === 0 && i.amountCredited === 0 ? (
                  <Button
                    variant="outline"
                    loading={voidIt.isPending}
                    onClick={() => {
                      if (window.confirm("Void it? It keeps its number and stays in your records as void."))
                        voidIt.mutate(input);
                    }}
                  >
                    Void
                  </Button>
                ) : null}
              </>
            ) : i.status !== "void" && i.amountPaid === 0 && i.amountCredited === 0 ? (
              <Button
                variant="outline"
                loading={voidIt.isPending}
                onClick={() => {
                  if (window.confirm("Void it? It keeps its number and stays in your records as void."))
                    voidIt.mutate(input);
                }}
              >
                Void
              </Button>
            ) : null}
          </div>
        }
      />
      <div className="grid min-w-0 gap-4">
        {i.creditNoteFor ? (
          <p className="text-sm">
            Credit note against{" "}
            <Link
              href={`/b/${business.slug}/invoices/${i.creditNoteFor}`}
              className="font-medium underline underline-offset-4"
            >
              the invoice
            </Link>
            {i.status === "draft" ? ": issuing it takes its total off the invoice." : "."}
          </p>
        ) : null}
        {publicUrl ? (
          <div className="grid gap-1 rounded-md border p-3 text-sm">
            <p>Your customer's link, to view{i.amountDue > 0 && i.kind === "invoice" ? " and pay" : ""}:</p>
            <p className="flex flex-wrap items-center gap-2 break-all">
              <a
                href={publicUrl}
                target="_blank"
                rel="noreferrer"
                className="font-medium underline underline-offset-4"
              >
                {publicUrl}
              </a>
              <CopyButton text={publicUrl} label="Copy link" />
            </p>
          </div>
        ) : null}
        {canWrite && i.status !== "draft" && i.status !== "void" ? (
          <SendInvoiceForm
            invoiceId={i.id}
            number={i.number ?? ""}
            label={kind}
            buyerEmail={i.buyer?.email ?? null}
            buyerPhone={i.buyer?.phone ?? null}
            amountDue={i.kind === "invoice" && i.amountDue > 0 ? money(i.amountDue) : null}
            publicUrl={publicUrl}
            sentAt={i.sentAt}
            onSent={refresh}
          />
        ) : null}
        <Card>
          <CardContent className="grid gap-4 sm:grid-cols-3">
            <div>
              <p className="text-xs text-muted-foreground">Status</p>
              <Badge variant={invoiceStatusVariants[shown]}>{invoiceStatusLabels[shown]}</Badge>
            </div>
            <div>
              <p className="text-xs text-muted-foreground">Billed to</p>
              <p className="font-medium break-words">{i.buyer?.name || "—"}</p>
              {i.buyer?.taxId ? <p className="text-sm">GSTIN {i.buyer.taxId}</p> : null}
            </div>
            <div>
              <p className="text-xs text-muted-foreground">From</p>
              <p className="font-medium break-words">{i.seller?.name ?? business.name}</p>
              {i.seller?.taxId ? <p className="text-sm">GSTIN {i.seller.taxId}</p> : null}
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2" className="text-base">
              Lines
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid divide-y">
              {i.lines.map((l) => (
                <li key={l.position} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                  <span className="min-w-0 flex-1 basis-48">
                    <span className="block font-medium break-words">{l.description}</span>
                    <span className="text-muted-foreground">
                      {l.quantity} × {money(l.unitPrice)}
                      {l.hsnSac ? ` · HSN/SAC ${l.hsnSac}` : ""}
                      {l.taxes
                        .map((t) => ` · ${t.name} ${t.rateBasisPoints / 100}% ${money(t.amount)}`)
                        .join("")}
                    </span>
                  </span>
                  <span className="tabular-nums">{money(l.total)}</span>
                </li>
              ))}
            </ul>
            <dl className="mt-3 ml-auto grid w-full max-w-xs grid-cols-2 gap-1 text-sm tabular-nums">
              <dt>Taxable value</dt>
              <dd className="text-right">{money(i.subtotal - i.discountTotal)}</dd>
              {i.taxTotals.map((t) => (
                <div key={`${t.name}${t.rateBasisPoints}`} className="contents">
                  <dt>
                    {t.name} {t.rateBasisPoints / 100}%
                  </dt>
                  <dd className="text-right">{money(t.amount)}</dd>
                </div>
              ))}
              {i.rounding ? (
                <>
                  <dt>Rounding</dt>
                  <dd className="text-right">{money(i.rounding)}</dd>
                </>
              ) : null}
              <dt className="font-semibold">Total</dt>
              <dd className="text-right font-semibold">{money(i.total)}</dd>
              {i.status !== "draft" ? (
                <>
                  <dt>Paid</dt>
                  <dd className="text-right">{money(i.amountPaid)}</dd>
                  {i.amountCredited ? (
                    <>
                      <dt>Credited</dt>
                      <dd className="text-right">{money(i.amountCredited)}</dd>
                    </>
                  ) : null}
                  <dt className="font-semibold">Due</dt>
                  <dd className="text-right font-semibold">{money(i.amountDue)}</dd>
                </>
              ) : null}
            </dl>
          </CardContent>
        </Card>
        {i.kind === "invoice" && i.status !== "draft" ? (
          <Card>
            <CardHeader>
              <CardTitle as="h2" className="text-base">
                Payments
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {payments.data?.data.length ? (
                <ul className="grid divide-y text-sm">
                  {payments.data.data.map((p) => (
                    <li key={p.id} className="flex flex-wrap justify-between gap-2 py-2">
                      <span>
                        {dates.day(p.paidOn)} · {methodLabels[p.method] ?? p.method}
                        {p.reference ? ` · ${p.reference}` : ""}
                      </span>
                      <span className="flex items-center gap-2 tabular-nums">
                        {money(p.amount)}
                        {canManage && (p.method === "stripe" || p.method === "razorpay") ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            loading={refund.isPending && refund.variables?.paymentId === p.id}
                            onClick={() => {
                              const text = window.prompt(
                                `Refund how much of ${money(p.amount)} through ${methodLabels[p.method]}? A credit note will record it.`,
                                moneyInputText(Math.min(p.amount, i.total - i.amountCredited), i.currency),
                              );
                              if (text === null) return;
                              const amount = parseMoney(text, i.currency);
                              if (!amount) return toast.error("Enter an amount like 590 or 590.50.");
                              refund.mutate({ ...input, paymentId: p.id, amount });
                            }}
                          >
                            Refund
                          </Button>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">No payments yet.</p>
              )}
              {canWrite && (i.status === "issued" || i.status === "partially_paid") ? (
                <PaymentForm invoiceId={i.id} due={i.amountDue} currency={i.currency} onSaved={refresh} />
              ) : null}
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
