"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { gstStates } from "@/server/domain/gst";
import { errorsOf } from "./form-errors";
import { FormField } from "./form-field";

export interface BillingSettingsValues {
  legalName: string | null;
  addressLines: string[];
  gstin: string | null;
  stateCode: string | null;
  invoicePrefix: string;
  quotePrefix: string;
  creditNotePrefix: string;
  fiscalYearStartMonth: number;
  paymentTermsDays: number;
  upiVpa: string | null;
  bankDetails: { label: string; value: string }[];
  notes: string | null;
  terms: string | null;
  roundTotals: boolean;
  template: "classic" | "modern";
  accentColor: string | null;
  reminderDays: number[];
}

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * How the business bills: the legal name and address printed on invoices, GSTIN and state (GST is split
 * by them), numbering prefixes and the month the numbers restart, default payment terms, UPI id and bank
 * details customers pay to, and default notes and terms. Mistakes come back beside their field.
 */
export function BillingSettingsForm({ initial }: { initial: BillingSettingsValues }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const id = useId();
  const [v, setV] = useState({
    ...initial,
    address: initial.addressLines.join("\n"),
    bank: initial.bankDetails.map((b) => `${b.label}: ${b.value}`).join("\n"),
    reminders: initial.reminderDays.join(", "),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.invoices.updateSettings.mutationOptions({
      onSuccess: () => {
        setErrors({});
        toast.success("Billing settings saved.");
      },
      onError: (e) => setErrors(errorsOf(e)),
    }),
  );
  const set = (patch: Partial<typeof v>) => setV((x) => ({ ...x, ...patch }));
  const field = (name: string, label: string, input: React.ReactNode, help?: string) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]} help={help}>
      {input}
    </FormField>
  );
  const text = (name: keyof typeof v, props: React.ComponentProps<typeof Input> = {}) => (
    <Input
      id={`${id}-${name}`}
      value={(v[name] as string | null) ?? ""}
      aria-invalid={!!errors[name]}
      onChange={(e) => set({ [name]: e.target.value } as Partial<typeof v>)}
      {...props}
    />
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (v.reminders.split(/[,\s]+/).some((x) => x.trim() && !/^[-−]?\d{1,3}$/.test(x.trim())))
          return setErrors({ reminderDays: "Use whole days separated by commas, like -3, 0, 3, 7." });
        save.mutate({
          businessId: business.id,
          legalName: v.legalName || null,
          addressLines: v.address
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean),
          gstin: v.gstin?.trim() || null,
          stateCode: v.stateCode || null,
          invoicePrefix: v.invoicePrefix,
          quotePrefix: v.quotePrefix,
          creditNotePrefix: v.creditNotePrefix,
          fiscalYearStartMonth: Number(v.fiscalYearStartMonth),
          paymentTermsDays: Number(v.paymentTermsDays) || 0,
          upiVpa: v.upiVpa?.trim() || null,
          bankDetails: v.bank
            .split("\n")
            .map((l) => l.split(":"))
            .filter((p) => p.length >= 2 && p[0]!.trim() && p.slice(1).join(":").trim())
            .map((p) => ({ label: p[0]!.trim(), value: p.slice(1).join(":").trim() })),
          notes: v.notes || null,
          terms: v.terms || null,
          roundTotals: v.roundTotals,
          template: v.template,
          accentColor: v.accentColor || null,
          reminderDays: v.reminders
            .split(/[,\s]+/)
            .map((x) => x.trim())
            .filter(Boolean)
            .map((x) => Number(x.replace("−", "-"))),
        });
      }}
      className="grid gap-6"
    >
      {errors._ ? (
        <p
          role="alert"
          className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
        >
          {errors._}
        </p>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle as="h2">On your invoices</CardTitle>
          <CardDescription>Printed at the top of every invoice, quote and credit note.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {field("legalName", "Legal name", text("legalName", { placeholder: business.name }))}
          {field(
            "gstin",
            "GSTIN",
            text("gstin", { placeholder: "29ABCDE1234F1Z5", autoCapitalize: "characters" }),
            "Checked by its check character. Your state comes from it.",
          )}
          {field(
            "addressLines",
            "Address",
            <Textarea
              id={`${id}-addressLines`}
              rows={3}
              value={v.address}
              onChange={(e) => set({ address: e.target.value })}
            />,
            "One line per row.",
          )}
          {field(
            "stateCode",
            "State (for GST)",
            <NativeSelect
              id={`${id}-stateCode`}
              value={v.stateCode ?? ""}
              onChange={(e) => set({ stateCode: e.target.value || null })}
            >
              <option value="">Not registered for GST</option>
              {Object.entries(gstStates).map(([code, name]) => (
                <option key={code} value={code}>
                  {name} ({code})
                </option>
              ))}
            </NativeSelect>,
            "Within this state: CGST + SGST; to other states: IGST.",
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Numbers and terms</CardTitle>
          <CardDescription>
            Numbers read like INV/2026-27/0001 and restart each financial year.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          {field("invoicePrefix", "Invoice prefix", text("invoicePrefix"))}
          {field("quotePrefix", "Quote prefix", text("quotePrefix"))}
          {field("creditNotePrefix", "Credit note prefix", text("creditNotePrefix"))}
          {field(
            "fiscalYearStartMonth",
            "Financial year starts in",
            <NativeSelect
              id={`${id}-fiscalYearStartMonth`}
              value={v.fiscalYearStartMonth}
              onChange={(e) => set({ fiscalYearStartMonth: Number(e.target.value) })}
            >
              {months.map((m, i) => (
                <option key={m} value={i + 1}>
                  {m}
                </option>
              ))}
            </NativeSelect>,
          )}
          {field(
            "paymentTermsDays",
            "Due in (days)",
            <Input
              id={`${id}-paymentTermsDays`}
              inputMode="numeric"
              value={String(v.paymentTermsDays)}
              onChange={(e) => set({ paymentTermsDays: Number(e.target.value.replace(/\D/g, "")) })}
            />,
            "0 = due on receipt.",
          )}
          {field(
            "reminderDays",
            "Payment reminders (days from the due date)",
            <Input
              id={`${id}-reminderDays`}
              value={v.reminders}
              aria-invalid={!!errors.reminderDays}
              placeholder="-3, 0, 3, 7"
              onChange={(e) => set({ reminders: e.target.value })}
            />,
            "Emailed invoices get a reminder on each: −3 is three days before, 7 a week after. Empty: no reminders. Stops once paid.",
          )}
          <label className="flex items-center gap-2 self-end text-sm">
            <input
              type="checkbox"
              checked={v.roundTotals}
              onChange={(e) => set({ roundTotals: e.target.checked })}
            />
            Round totals to whole units
          </label>
          {field(
            "template",
            "PDF template",
            <NativeSelect
              id={`${id}-template`}
              value={v.template}
              onChange={(e) => set({ template: e.target.value as "classic" | "modern" })}
            >
              <option value="classic">Classic (black and white)</option>
              <option value="modern">Modern (a coloured band)</option>
            </NativeSelect>,
          )}
          {field(
            "accentColor",
            "Accent colour",
            <div className="flex items-center gap-2">
              <input
                type="color"
                aria-label="Pick the accent colour"
                value={v.accentColor || "#1f4fd1"}
                onChange={(e) => set({ accentColor: e.target.value })}
                className="h-9 w-12 shrink-0 cursor-pointer rounded-md border bg-background p-1"
              />
              {text("accentColor", { placeholder: "#1f4fd1" })}
            </div>,
            "For the modern template's band and the pay link.",
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Getting paid</CardTitle>
          <CardDescription>Shown on the invoice and its page, with a Pay by UPI button.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {field("upiVpa", "UPI id", text("upiVpa", { placeholder: "yourshop@okhdfcbank" }))}
          {field(
            "bankDetails",
            "Bank details",
            <Textarea
              id={`${id}-bankDetails`}
              rows={3}
              value={v.bank}
              placeholder={"Account: 1234567890\nIFSC: HDFC0001234"}
              onChange={(e) => set({ bank: e.target.value })}
            />,
            "One “Label: value” per row.",
          )}
          {field(
            "notes",
            "Default notes",
            <Textarea
              id={`${id}-notes`}
              rows={2}
              value={v.notes ?? ""}
              onChange={(e) => set({ notes: e.target.value })}
            />,
          )}
          {field(
            "terms",
            "Default terms",
            <Textarea
              id={`${id}-terms`}
              rows={2}
              value={v.terms ?? ""}
              onChange={(e) => set({ terms: e.target.value })}
            />,
          )}
        </CardContent>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending}>
          Save billing settings
        </Button>
      </div>
    </form>
  );
}
