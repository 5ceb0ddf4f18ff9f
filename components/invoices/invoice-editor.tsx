"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useLeaveGuard } from "@/components/layout/use-leave-guard";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { CustomerPicker, type PickedCustomer } from "@/components/tasks/customer-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { computeInvoice, type InvoiceLineInput } from "@/server/domain/invoice-math";
import { formatMoney, moneyInputText, parseMoney } from "@/server/domain/money";
import { errorsOf } from "./form-errors";
import { gstRates, invoiceKindLabels } from "./invoice-display";

/** One line as the form holds it: text fields as typed. */
interface LineState {
  key: number;
  description: string;
  hsnSac: string;
  quantity: string;
  unitPrice: string;
  /** Tax rate in basis points. */
  rate: number;
  discountPercent: string;
}

export interface DraftForEditor {
  id: string;
  kind: "invoice" | "quote" | "credit_note";
  customer: PickedCustomer | null;
  issueDate: string | null;
  paymentTermsDays: number;
  notes: string | null;
  lineInputs: {
    description: string;
    hsnSac?: string | null;
    quantity: string;
    unitPrice: number;
    discount?: { kind: "percent"; basisPoints: number } | { kind: "amount"; amount: number } | null;
    taxes: { name: string; rateBasisPoints: number }[];
  }[];
}

let nextKey = 1;
const blankLine = (rate: number): LineState => ({
  key: nextKey++,
  description: "",
  hsnSac: "",
  quantity: "1",
  unitPrice: "",
  rate,
  discountPercent: "",
});

/**
 * Creates or edits a draft invoice, quote or credit note: the customer, lines (a product from the catalog
 * or free text; quantity, price, GST or tax rate, discount %), terms and notes, with the totals worked out
 * as you type by the same arithmetic the server uses. Saving keeps it a draft; issuing is on its page.
 * Mistakes come back beside the field that caused them.
 */
export function InvoiceEditor({
  draft,
  initialCustomer,
  kind: initialKind = "invoice",
}: {
  draft?: DraftForEditor;
  initialCustomer?: PickedCustomer | null;
  kind?: "invoice" | "quote" | "credit_note";
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const india = business.country === "IN";
  const taxName = india ? "GST" : "Tax";
  const defaultRate = india ? 1800 : 0;
  const ids = { customer: useId(), kind: useId(), date: useId(), terms: useId(), notes: useId() };
  const [kind, setKind] = useState(draft?.kind ?? initialKind);
  const [customer, setCustomer] = useState<PickedCustomer | null>(draft?.customer ?? initialCustomer ?? null);
  const [issueDate, setIssueDate] = useState(draft?.issueDate ?? "");
  const [terms, setTerms] = useState(String(draft?.paymentTermsDays ?? ""));
  const [notes, setNotes] = useState(draft?.notes ?? "");
  const [lines, setLines] = useState<LineState[]>(() =>
    draft?.lineInputs.length
      ? draft.lineInputs.map((l) => ({
          key: nextKey++,
          description: l.description,
          hsnSac: l.hsnSac ?? "",
          quantity: l.quantity,
          unitPrice: moneyInputText(l.unitPrice, business.currency),
          rate: l.taxes[0]?.rateBasisPoints ?? 0,
          discountPercent: l.discount?.kind === "percent" ? String(l.discount.basisPoints / 100) : "",
        }))
      : [blankLine(defaultRate)],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  useLeaveGuard(dirty);
  const products = useQuery(trpc.products.list.queryOptions({ businessId: business.id }));

  const change = (key: number, patch: Partial<LineState>) => {
    setDirty(true);
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  };

  /** The lines as the API takes them; unreadable numbers stay as they are for the server to name. */
  const lineInputs = lines.map((l) => {
    const percent = Number(l.discountPercent);
    return {
      description: l.description,
      hsnSac: l.hsnSac.trim() || null,
      quantity: l.quantity.trim(),
      unitPrice: parseMoney(l.unitPrice, business.currency) ?? Number.NaN,
      discount:
        l.discountPercent.trim() && Number.isFinite(percent)
          ? { kind: "percent" as const, basisPoints: Math.round(percent * 100) }
          : null,
      taxes: l.rate > 0 ? [{ name: taxName, rateBasisPoints: l.rate }] : [],
    };
  });
  const totals = useMemo(() => {
    const ok = lineInputs.filter(
      (l) =>
        Number.isFinite(l.unitPrice) && /^\d{1,7}(\.\d{1,3})?$/.test(l.quantity) && Number(l.quantity) > 0,
    ) as InvoiceLineInput[];
    return computeInvoice(ok, { currency: business.currency, pricesIncludeTax: false });
  }, [lineInputs, business.currency]);

  const done = (id: string) => {
    setDirty(false);
    void queryClient.invalidateQueries({ queryKey: trpc.invoices.list.pathKey() });
    router.push(`/b/${business.slug}/invoices/${id}`);
  };
  const onError = (e: unknown) => setErrors(errorsOf(e));
  const create = useMutation(trpc.invoices.create.mutationOptions({ onSuccess: (d) => done(d.id), onError }));
  const update = useMutation(trpc.invoices.update.mutationOptions({ onSuccess: (d) => done(d.id), onError }));
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const bad: Record<string, string> = {};
    lineInputs.forEach((l, i) => {
      if (!Number.isFinite(l.unitPrice)) bad[`lines.${i}.unitPrice`] = "Enter a price like 1500 or 1500.50.";
    });
    if (Object.keys(bad).length) return setErrors(bad);
    const fields = {
      businessId: business.id,
      customerId: customer?.id ?? null,
      issueDate: issueDate || null,
      ...(terms.trim() ? { paymentTermsDays: Number(terms) } : {}),
      notes: notes || null,
      lines: lineInputs,
    };
    if (draft) update.mutate({ invoiceId: draft.id, ...fields });
    else create.mutate({ kind, ...fields });
  };
  const err = (path: string) => errors[path];
  const money = (n: number) => formatMoney(n, business.currency);

  return (
    <form onSubmit={save} className="min-w-0" noValidate>
      <PageHeader
        title={
          draft
            ? `Edit ${invoiceKindLabels[kind].toLowerCase()} draft`
            : `New ${invoiceKindLabels[kind].toLowerCase()}`
        }
        description="Saved as a draft: you can change it until you issue it."
      />
      {errors._ ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
        >
          {errors._}
        </p>
      ) : null}
      <div className="grid min-w-0 gap-4">
        <Card>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {draft ? null : (
              <div className="grid gap-1.5">
                <Label htmlFor={ids.kind}>Type</Label>
                <NativeSelect
                  id={ids.kind}
                  value={kind}
                  onChange={(e) => setKind(e.target.value as typeof kind)}
                >
                  {(["invoice", "quote", "credit_note"] as const).map((k) => (
                    <option key={k} value={k}>
                      {invoiceKindLabels[k]}
                    </option>
                  ))}
                </NativeSelect>
              </div>
            )}
            <div className="grid gap-1.5">
              <Label htmlFor={ids.customer}>Customer</Label>
              <CustomerPicker
                id={ids.customer}
                value={customer}
                onChange={(c) => {
                  setDirty(true);
                  setCustomer(c);
                }}
                invalid={!!err("customerId")}
              />
              {err("customerId") ? <p className="text-sm text-destructive">{err("customerId")}</p> : null}
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor={ids.date}>Issue date</Label>
              <Input
                id={ids.date}
                type="date"
                value={issueDate}
                onChange={(e) => setIssueDate(e.target.value)}
              />
              <p className="text-xs text-muted-foreground">Empty: the day you issue it.</p>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor={ids.terms}>Due in (days)</Label>
              <Input
                id={ids.terms}
                inputMode="numeric"
                value={terms}
                placeholder="Your default terms"
                onChange={(e) => setTerms(e.target.value.replace(/\D/g, ""))}
              />
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2" className="text-base">
              Lines
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <ol className="grid gap-4">
              {lines.map((l, i) => (
                <li
                  key={l.key}
                  className="grid gap-3 rounded-md border p-3 sm:grid-cols-12"
                  aria-label={`Line ${i + 1}`}
                >
                  <div className="grid gap-1.5 sm:col-span-5">
                    <Label htmlFor={`d-${l.key}`}>Description</Label>
                    <Input
                      id={`d-${l.key}`}
                      list="catalog"
                      value={l.description}
                      aria-invalid={!!err(`lines.${i}.description`)}
                      onChange={(e) => {
                        const p = products.data?.data.find((x) => x.name === e.target.value);
                        change(
                          l.key,
                          p
                            ? {
                                description: p.name,
                                hsnSac: p.hsnSac ?? "",
                                unitPrice: moneyInputText(p.unitPrice, business.currency),
                                rate: p.taxes[0]?.rateBasisPoints ?? 0,
                              }
                            : { description: e.target.value },
                        );
                      }}
                    />
                    {err(`lines.${i}.description`) ? (
                      <p className="text-sm text-destructive">{err(`lines.${i}.description`)}</p>
                    ) : null}
                  </div>
                  <div className="grid gap-1.5 sm:col-span-2">
                    <Label htmlFor={`h-${l.key}`}>HSN/SAC</Label>
                    <Input
                      id={`h-${l.key}`}
                      inputMode="numeric"
                      value={l.hsnSac}
                      onChange={(e) => change(l.key, { hsnSac: e.target.value })}
                    />
                    {err(`lines.${i}.hsnSac`) ? (
                      <p className="text-sm text-destructive">{err(`lines.${i}.hsnSac`)}</p>
                    ) : null}
                  </div>
                  <div className="grid gap-1.5 sm:col-span-1">
                    <Label htmlFor={`q-${l.key}`}>Qty</Label>
                    <Input
                      id={`q-${l.key}`}
                      inputMode="decimal"
                      value={l.quantity}
                      aria-invalid={!!err(`lines.${i}.quantity`)}
                      onChange={(e) => change(l.key, { quantity: e.target.value })}
                    />
                    {err(`lines.${i}.quantity`) ? (
                      <p className="text-sm text-destructive">{err(`lines.${i}.quantity`)}</p>
                    ) : null}
                  </div>
                  <div className="grid gap-1.5 sm:col-span-2">
                    <Label htmlFor={`p-${l.key}`}>Price ({business.currency})</Label>
                    <Input
                      id={`p-${l.key}`}
                      inputMode="decimal"
                      value={l.unitPrice}
                      aria-invalid={!!err(`lines.${i}.unitPrice`)}
                      onChange={(e) => change(l.key, { unitPrice: e.target.value })}
                    />
                    {err(`lines.${i}.unitPrice`) ? (
                      <p className="text-sm text-destructive">{err(`lines.${i}.unitPrice`)}</p>
                    ) : null}
                  </div>
                  <div className="grid gap-1.5 sm:col-span-2">
                    <Label htmlFor={`t-${l.key}`}>{taxName}</Label>
                    {india ? (
                      <NativeSelect
                        id={`t-${l.key}`}
                        value={l.rate}
                        onChange={(e) => change(l.key, { rate: Number(e.target.value) })}
                      >
                        {gstRates.map((r) => (
                          <option key={r} value={r}>
                            {r / 100}%
                          </option>
                        ))}
                      </NativeSelect>
                    ) : (
                      <Input
                        id={`t-${l.key}`}
                        inputMode="decimal"
                        value={String(l.rate / 100)}
                        onChange={(e) =>
                          change(l.key, { rate: Math.round(Number(e.target.value) * 100) || 0 })
                        }
                      />
                    )}
                    {err(`lines.${i}.taxes.0.rateBasisPoints`) ? (
                      <p className="text-sm text-destructive">{err(`lines.${i}.taxes.0.rateBasisPoints`)}</p>
                    ) : null}
                  </div>
                  <div className="grid gap-1.5 sm:col-span-2">
                    <Label htmlFor={`x-${l.key}`}>Discount %</Label>
                    <Input
                      id={`x-${l.key}`}
                      inputMode="decimal"
                      value={l.discountPercent}
                      onChange={(e) => change(l.key, { discountPercent: e.target.value })}
                    />
                  </div>
                  <div className="flex items-end justify-between gap-2 sm:col-span-10 sm:justify-end">
                    <span className="text-sm tabular-nums">
                      Line total: <strong>{totals.lines[i] ? money(totals.lines[i]!.total) : "—"}</strong>
                    </span>
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      disabled={lines.length === 1}
                      onClick={() => {
                        setDirty(true);
                        setLines((ls) => ls.filter((x) => x.key !== l.key));
                      }}
                      aria-label={`Remove line ${i + 1}`}
                    >
                      <Trash2Icon aria-hidden="true" />
                    </Button>
                  </div>
                </li>
              ))}
            </ol>
            <datalist id="catalog">
              {(products.data?.data ?? []).map((p) => (
                <option key={p.id} value={p.name} />
              ))}
            </datalist>
            <div>
              <Button
                type="button"
                variant="outline"
                onClick={() => setLines((ls) => [...ls, blankLine(defaultRate)])}
              >
                <PlusIcon aria-hidden="true" />
                Add line
              </Button>
            </div>
            <dl
              className="ml-auto grid w-full max-w-xs grid-cols-2 gap-1 text-sm tabular-nums"
              aria-label="Totals"
            >
              <dt>Taxable value</dt>
              <dd className="text-right">{money(totals.subtotal - totals.discount)}</dd>
              <dt>{taxName}</dt>
              <dd className="text-right">{money(totals.taxTotals.reduce((a, t) => a + t.amount, 0))}</dd>
              <dt className="font-semibold">Total</dt>
              <dd className="text-right font-semibold">{money(totals.total)}</dd>
            </dl>
            {india ? (
              <p className="text-xs text-muted-foreground">
                GST splits into CGST + SGST within your state, or IGST for another state, when you issue it.
              </p>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardContent className="grid gap-1.5">
            <Label htmlFor={ids.notes}>Notes for the customer</Label>
            <Textarea id={ids.notes} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
          </CardContent>
        </Card>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => router.back()}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            Save draft
          </Button>
        </div>
      </div>
    </form>
  );
}
