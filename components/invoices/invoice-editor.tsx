"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useLeaveGuard } from "@/components/layout/use-leave-guard";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { CustomerPicker, type PickedCustomer } from "@/components/tasks/customer-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { errorsOf } from "./form-errors";
import { invoiceKindLabels } from "./invoice-display";
import {
  blankLine,
  LineItemsCard,
  type LineState,
  lineInputsOf,
  linesOf,
  unreadablePrices,
} from "./line-items";

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
    draft?.lineInputs.length ? linesOf(draft.lineInputs, business.currency) : [blankLine(defaultRate)],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  useLeaveGuard(dirty);

  const lineInputs = lineInputsOf(lines, taxName, business.currency);

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
    const bad = unreadablePrices(lineInputs);
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

        <LineItemsCard
          lines={lines}
          onChange={(next) => {
            setDirty(true);
            setLines(next);
          }}
          errors={errors}
        />

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
