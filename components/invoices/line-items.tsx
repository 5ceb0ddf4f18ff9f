"use client";

import { useQuery } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useMemo } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { computeInvoice, type InvoiceLineInput } from "@/server/domain/invoice-math";
import { formatMoney, moneyInputText, parseMoney } from "@/server/domain/money";
import { gstRates } from "./invoice-display";

/** One line as the form holds it: text fields as typed. */
export interface LineState {
  key: number;
  description: string;
  hsnSac: string;
  quantity: string;
  unitPrice: string;
  /** Tax rate in basis points. */
  rate: number;
  discountPercent: string;
}

/** A line as the API stores it (the parts the editors read back). */
export interface StoredLine {
  description: string;
  hsnSac?: string | null;
  quantity: string;
  unitPrice: number;
  discount?: { kind: "percent"; basisPoints: number } | { kind: "amount"; amount: number } | null;
  taxes: { name: string; rateBasisPoints: number }[];
}

let nextKey = 1;
/** An empty line with the default tax rate (basis points). */
export const blankLine = (rate: number): LineState => ({
  key: nextKey++,
  description: "",
  hsnSac: "",
  quantity: "1",
  unitPrice: "",
  rate,
  discountPercent: "",
});

/** Stored lines as the form holds them. */
export function linesOf(stored: StoredLine[], currency: string): LineState[] {
  return stored.map((l) => ({
    key: nextKey++,
    description: l.description,
    hsnSac: l.hsnSac ?? "",
    quantity: l.quantity,
    unitPrice: moneyInputText(l.unitPrice, currency),
    rate: l.taxes[0]?.rateBasisPoints ?? 0,
    discountPercent: l.discount?.kind === "percent" ? String(l.discount.basisPoints / 100) : "",
  }));
}

/** The lines as the API takes them; unreadable numbers stay as they are (NaN) for the form to name. */
export function lineInputsOf(lines: LineState[], taxName: string, currency: string) {
  return lines.map((l) => {
    const percent = Number(l.discountPercent);
    return {
      description: l.description,
      hsnSac: l.hsnSac.trim() || null,
      quantity: l.quantity.trim(),
      unitPrice: parseMoney(l.unitPrice, currency) ?? Number.NaN,
      discount:
        l.discountPercent.trim() && Number.isFinite(percent)
          ? { kind: "percent" as const, basisPoints: Math.round(percent * 100) }
          : null,
      taxes: l.rate > 0 ? [{ name: taxName, rateBasisPoints: l.rate }] : [],
    };
  });
}

/** Errors for prices that could not be read, keyed like the server's (`lines.0.unitPrice`). */
export function unreadablePrices(inputs: ReturnType<typeof lineInputsOf>): Record<string, string> {
  const bad: Record<string, string> = {};
  inputs.forEach((l, i) => {
    if (!Number.isFinite(l.unitPrice)) bad[`lines.${i}.unitPrice`] = "Enter a price like 1500 or 1500.50.";
  });
  return bad;
}

/**
 * The lines of an invoice or a recurring profile: a product from the catalog or free text; quantity,
 * price, GST or tax rate, discount %; the totals worked out as you type by the server's arithmetic.
 * Errors (`lines.<i>.<field>`) show beside their field.
 */
export function LineItemsCard({
  lines,
  onChange,
  errors,
}: {
  lines: LineState[];
  onChange: (lines: LineState[]) => void;
  errors: Record<string, string>;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const india = business.country === "IN";
  const taxName = india ? "GST" : "Tax";
  const defaultRate = india ? 1800 : 0;
  const products = useQuery(trpc.products.list.queryOptions({ businessId: business.id }));
  const change = (key: number, patch: Partial<LineState>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const lineInputs = lineInputsOf(lines, taxName, business.currency);
  const totals = useMemo(() => {
    const ok = lineInputs.filter(
      (l) =>
        Number.isFinite(l.unitPrice) && /^\d{1,7}(\.\d{1,3})?$/.test(l.quantity) && Number(l.quantity) > 0,
    ) as InvoiceLineInput[];
    return computeInvoice(ok, { currency: business.currency, pricesIncludeTax: false });
  }, [lineInputs, business.currency]);
  const err = (path: string) => errors[path];
  const money = (n: number) => formatMoney(n, business.currency);
  return (
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
                    onChange={(e) => change(l.key, { rate: Math.round(Number(e.target.value) * 100) || 0 })}
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
                    onChange(lines.filter((x) => x.key !== l.key));
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
            onClick={() => onChange([...lines, blankLine(defaultRate)])}
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
  );
}
