"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { moneyInputText, parseMoney } from "@/server/domain/money";
import { errorsOf } from "./form-errors";

/** The manual payment methods, with their words. */
export const methods = [
  ["cash", "Cash"],
  ["upi", "UPI"],
  ["bank_transfer", "Bank transfer"],
  ["cheque", "Cheque"],
  ["card", "Card"],
  ["other", "Other"],
] as const;

/** Records a manual payment: amount (the amount due to start with), method, date and reference. */
export function PaymentForm({
  invoiceId,
  due,
  currency,
  onSaved,
}: {
  invoiceId: string;
  due: number;
  currency: string;
  onSaved: () => unknown;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const ids = { amount: useId(), method: useId(), date: useId(), ref: useId() };
  const [amount, setAmount] = useState(moneyInputText(due, currency));
  const [method, setMethod] = useState<(typeof methods)[number][0]>("upi");
  const [paidOn, setPaidOn] = useState("");
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pay = useMutation(
    trpc.invoices.recordPayment.mutationOptions({
      onSuccess: (d) => {
        toast.success(d.status === "paid" ? "Paid in full." : "Payment recorded.");
        setErrors({});
        return onSaved();
      },
      onError: (e) => setErrors(errorsOf(e)),
    }),
  );
  return (
    <form
      className="grid gap-3 rounded-md border p-3 sm:grid-cols-4"
      aria-label="Record a payment"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const minor = parseMoney(amount, currency);
        if (minor === null || minor <= 0)
          return setErrors({ amount: "Enter an amount like 1770 or 1770.50." });
        pay.mutate({
          businessId: business.id,
          invoiceId,
          amount: minor,
          method,
          ...(paidOn ? { paidOn } : {}),
          reference: reference || null,
        });
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor={ids.amount}>Amount ({currency})</Label>
        <Input
          id={ids.amount}
          inputMode="decimal"
          value={amount}
          aria-invalid={!!errors.amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        {errors.amount ? <p className="text-sm text-destructive">{errors.amount}</p> : null}
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.method}>Method</Label>
        <NativeSelect
          id={ids.method}
          value={method}
          onChange={(e) => setMethod(e.target.value as typeof method)}
        >
          {methods.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.date}>Paid on</Label>
        <Input id={ids.date} type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.ref}>Reference</Label>
        <Input
          id={ids.ref}
          value={reference}
          placeholder="UPI ref, cheque no."
          onChange={(e) => setReference(e.target.value)}
        />
      </div>
      {errors._ && !errors.amount ? (
        <p role="alert" className="text-sm text-destructive sm:col-span-4">
          {errors._}
        </p>
      ) : null}
      <div className="sm:col-span-4">
        <Button type="submit" loading={pay.isPending}>
          Record payment
        </Button>
      </div>
    </form>
  );
}
