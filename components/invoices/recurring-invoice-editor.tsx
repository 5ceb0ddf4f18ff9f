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
import { FormField } from "./form-field";
import {
  blankLine,
  LineItemsCard,
  type LineState,
  lineInputsOf,
  linesOf,
  type StoredLine,
  unreadablePrices,
} from "./line-items";

type Frequency = "weekly" | "monthly" | "quarterly" | "yearly" | "every_n_days";
const frequencies: [Frequency, string][] = [
  ["weekly", "Every week"],
  ["monthly", "Every month"],
  ["quarterly", "Every 3 months"],
  ["yearly", "Every year"],
  ["every_n_days", "Every N days"],
];

/** A profile as the editor loads it for a change. */
export interface RecurringForEditor {
  id: string;
  name: string;
  customer: PickedCustomer | null;
  frequency: Frequency;
  intervalDays: number | null;
  dayOfMonth: number | null;
  startDate: string;
  endAfterCount: number | null;
  endOn: string | null;
  autoSend: boolean;
  paymentTermsDays: number;
  notes: string | null;
  lines: StoredLine[];
}

/**
 * Creates or changes a recurring invoice: the customer, a name, how often (with the day of the month,
 * where a day past the month's end is its last day), the start, when it ends (never, after N invoices,
 * on a date), whether each invoice is issued and emailed or kept as a draft, the terms, and the lines.
 * Mistakes come back beside their field.
 */
export function RecurringInvoiceEditor({
  profile,
  initialCustomer,
  today,
}: {
  profile?: RecurringForEditor;
  initialCustomer?: PickedCustomer | null;
  /** Today in the business's time zone, `YYYY-MM-DD`. */
  today: string;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const india = business.country === "IN";
  const taxName = india ? "GST" : "Tax";
  const id = useId();
  const [v, setV] = useState({
    name: profile?.name ?? "",
    frequency: profile?.frequency ?? ("monthly" as Frequency),
    intervalDays: String(profile?.intervalDays ?? ""),
    dayOfMonth: String(profile?.dayOfMonth ?? ""),
    startDate: profile?.startDate ?? today,
    end: (profile?.endAfterCount ? "count" : profile?.endOn ? "date" : "never") as "never" | "count" | "date",
    endAfterCount: String(profile?.endAfterCount ?? "12"),
    endOn: profile?.endOn ?? "",
    autoSend: profile?.autoSend ?? true,
    terms: String(profile?.paymentTermsDays ?? ""),
    notes: profile?.notes ?? "",
  });
  const [customer, setCustomer] = useState<PickedCustomer | null>(
    profile?.customer ?? initialCustomer ?? null,
  );
  const [lines, setLines] = useState<LineState[]>(() =>
    profile?.lines.length ? linesOf(profile.lines, business.currency) : [blankLine(india ? 1800 : 0)],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  useLeaveGuard(dirty);
  const set = (patch: Partial<typeof v>) => {
    setDirty(true);
    setV((x) => ({ ...x, ...patch }));
  };
  const done = () => {
    setDirty(false);
    void queryClient.invalidateQueries({ queryKey: trpc.recurringInvoices.list.pathKey() });
    router.push(`/b/${business.slug}/invoices/recurring`);
  };
  const onError = (e: unknown) => setErrors(errorsOf(e));
  const create = useMutation(trpc.recurringInvoices.create.mutationOptions({ onSuccess: done, onError }));
  const update = useMutation(trpc.recurringInvoices.update.mutationOptions({ onSuccess: done, onError }));
  const byMonth = ["monthly", "quarterly", "yearly"].includes(v.frequency);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    const lineInputs = lineInputsOf(lines, taxName, business.currency);
    const bad = unreadablePrices(lineInputs);
    if (!customer) bad.customerId = "Choose the customer to bill.";
    if (Object.keys(bad).length) return setErrors(bad);
    const fields = {
      businessId: business.id,
      name: v.name,
      customerId: customer!.id,
      frequency: v.frequency,
      intervalDays: v.frequency === "every_n_days" ? Number(v.intervalDays) || null : null,
      dayOfMonth: byMonth && v.dayOfMonth ? Number(v.dayOfMonth) : null,
      startDate: v.startDate,
      endAfterCount: v.end === "count" ? Number(v.endAfterCount) || null : null,
      endOn: v.end === "date" ? v.endOn || null : null,
      autoSend: v.autoSend,
      ...(v.terms.trim() ? { paymentTermsDays: Number(v.terms) } : {}),
      notes: v.notes || null,
      lines: lineInputs,
    };
    if (profile) update.mutate({ recurringInvoiceId: profile.id, ...fields });
    else create.mutate(fields);
  };
  const field = (name: string, label: string, input: React.ReactNode, help?: string) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]} help={help}>
      {input}
    </FormField>
  );

  return (
    <form onSubmit={save} className="min-w-0" noValidate>
      <PageHeader
        title={profile ? `Edit ${profile.name}` : "New recurring invoice"}
        description="Each period's invoice is made once, on its date in your time zone."
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
            {field(
              "name",
              "Name",
              <Input
                id={`${id}-name`}
                value={v.name}
                placeholder="Monthly membership"
                aria-invalid={!!errors.name}
                onChange={(e) => set({ name: e.target.value })}
              />,
            )}
            {field(
              "customerId",
              "Customer",
              <CustomerPicker
                id={`${id}-customerId`}
                value={customer}
                onChange={(c) => {
                  setDirty(true);
                  setCustomer(c);
                }}
                invalid={!!errors.customerId}
              />,
            )}
            {field(
              "frequency",
              "How often",
              <NativeSelect
                id={`${id}-frequency`}
                value={v.frequency}
                onChange={(e) => set({ frequency: e.target.value as Frequency })}
              >
                {frequencies.map(([f, label]) => (
                  <option key={f} value={f}>
                    {label}
                  </option>
                ))}
              </NativeSelect>,
            )}
            {v.frequency === "every_n_days"
              ? field(
                  "intervalDays",
                  "Every how many days",
                  <Input
                    id={`${id}-intervalDays`}
                    inputMode="numeric"
                    value={v.intervalDays}
                    aria-invalid={!!errors.intervalDays}
                    onChange={(e) => set({ intervalDays: e.target.value.replace(/\D/g, "") })}
                  />,
                )
              : byMonth
                ? field(
                    "dayOfMonth",
                    "Day of the month",
                    <Input
                      id={`${id}-dayOfMonth`}
                      inputMode="numeric"
                      value={v.dayOfMonth}
                      placeholder="The start date's day"
                      aria-invalid={!!errors.dayOfMonth}
                      onChange={(e) => set({ dayOfMonth: e.target.value.replace(/\D/g, "") })}
                    />,
                    "29, 30 or 31: the month's last day when it is shorter.",
                  )
                : null}
            {field(
              "startDate",
              "Start",
              <Input
                id={`${id}-startDate`}
                type="date"
                value={v.startDate}
                aria-invalid={!!errors.startDate}
                onChange={(e) => set({ startDate: e.target.value })}
              />,
              "A start in the past bills the periods since, once each.",
            )}
            {field(
              "end",
              "Ends",
              <NativeSelect
                id={`${id}-end`}
                value={v.end}
                onChange={(e) => set({ end: e.target.value as typeof v.end })}
              >
                <option value="never">Never</option>
                <option value="count">After a number of invoices</option>
                <option value="date">On a date</option>
              </NativeSelect>,
            )}
            {v.end === "count"
              ? field(
                  "endAfterCount",
                  "Number of invoices",
                  <Input
                    id={`${id}-endAfterCount`}
                    inputMode="numeric"
                    value={v.endAfterCount}
                    aria-invalid={!!errors.endAfterCount}
                    onChange={(e) => set({ endAfterCount: e.target.value.replace(/\D/g, "") })}
                  />,
                )
              : v.end === "date"
                ? field(
                    "endOn",
                    "Last date",
                    <Input
                      id={`${id}-endOn`}
                      type="date"
                      value={v.endOn}
                      aria-invalid={!!errors.endOn}
                      onChange={(e) => set({ endOn: e.target.value })}
                    />,
                  )
                : null}
            {field(
              "paymentTermsDays",
              "Due in (days)",
              <Input
                id={`${id}-paymentTermsDays`}
                inputMode="numeric"
                value={v.terms}
                placeholder="Your default terms"
                onChange={(e) => set({ terms: e.target.value.replace(/\D/g, "") })}
              />,
            )}
            <label className="flex items-start gap-2 self-end text-sm sm:col-span-2">
              <input
                type="checkbox"
                className="mt-1"
                checked={v.autoSend}
                onChange={(e) => set({ autoSend: e.target.checked })}
              />
              <span>
                Issue each invoice and email it to the customer with its PDF
                <span className="block text-muted-foreground">
                  Off: each invoice waits as a draft for you to check and issue.
                </span>
              </span>
            </label>
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
            <Label htmlFor={`${id}-notes`}>Notes for the customer</Label>
            <Textarea
              id={`${id}-notes`}
              value={v.notes}
              onChange={(e) => set({ notes: e.target.value })}
              rows={3}
            />
          </CardContent>
        </Card>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => router.back()}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {profile ? "Save" : "Create"}
          </Button>
        </div>
      </div>
    </form>
  );
}
