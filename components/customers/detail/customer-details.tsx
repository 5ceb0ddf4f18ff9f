"use client";

import { useQuery } from "@tanstack/react-query";
import { InfoIcon } from "lucide-react";
import type { ReactNode } from "react";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness } from "@/components/layout/business-context";
import { type DateFormat, useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { CustomerOutput } from "@/server/domain/customers";

interface FieldDef {
  key: string;
  label: string;
  type: string;
}

const linkClass =
  "rounded-sm break-all text-primary underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none";

/** Digits after the decimal point of an ISO 4217 currency (INR 2, JPY 0). */
function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** A custom field's value for display, by the field's type; null when empty. */
function customValue(
  field: FieldDef,
  value: unknown,
  ctx: { currency: string; formatPhone: (e164: string) => string; dates: DateFormat },
): ReactNode {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  switch (field.type) {
    case "currency":
      if (typeof value === "number") {
        const digits = currencyDigits(ctx.currency);
        try {
          return new Intl.NumberFormat("en", { style: "currency", currency: ctx.currency }).format(
            value / 10 ** digits,
          );
        } catch {
          return (value / 10 ** digits).toFixed(digits);
        }
      }
      break;
    case "number":
      if (typeof value === "number") return new Intl.NumberFormat("en").format(value);
      break;
    case "date":
      if (typeof value === "string") return ctx.dates.day(value);
      break;
    case "url":
      if (typeof value === "string" && /^https?:\/\//i.test(value)) {
        return (
          <a href={value} target="_blank" rel="noopener noreferrer nofollow" className={linkClass}>
            {value}
          </a>
        );
      }
      break;
    case "email":
      if (typeof value === "string") {
        return (
          <a href={`mailto:${value}`} className={linkClass}>
            {value}
          </a>
        );
      }
      break;
    case "phone":
      if (typeof value === "string") {
        return (
          <a href={`tel:${value}`} className={linkClass}>
            {ctx.formatPhone(value)}
          </a>
        );
      }
      break;
  }
  return String(value);
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5 sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-xs text-muted-foreground sm:text-sm">{label}</dt>
      <dd className="min-w-0 text-sm break-words whitespace-pre-line">{children}</dd>
    </div>
  );
}

/** Address, dates, source and every custom field the business defines (empty ones shown as "—"). */
export function CustomerDetails({ customer }: { customer: CustomerOutput }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const fields = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const formatPhone = useFormatPhone();
  const dates = useFormatDate();
  const address = [
    customer.addressLine1,
    customer.addressLine2,
    [customer.postalCode, customer.city].filter(Boolean).join(" "),
    customer.state,
    customer.country,
  ]
    .filter(Boolean)
    .join("\n");
  const empty = <span className="text-muted-foreground">—</span>;

  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <InfoIcon className="size-4" aria-hidden="true" />
          Details
        </CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3">
          <Row label="Company">{customer.company ?? empty}</Row>
          <Row label="Address">{address || empty}</Row>
          <Row label="Source">{customer.source ?? empty}</Row>
          <Row label="Date of birth">{customer.dateOfBirth ? dates.day(customer.dateOfBirth) : empty}</Row>
          <Row label="Anniversary">{customer.anniversary ? dates.day(customer.anniversary) : empty}</Row>
          {customer.externalId ? <Row label="External ID">{customer.externalId}</Row> : null}
          <Row label="Created">{dates.date(customer.createdAt)}</Row>
          <Row label="Last activity">{dates.dateTime(customer.lastActivityAt)}</Row>
        </dl>
        <div className="mt-5 grid gap-3 border-t pt-4">
          <h3 className="text-sm font-semibold">Custom fields</h3>
          {fields.isPending ? (
            <div aria-hidden="true" className="grid gap-2">
              <Skeleton className="h-4 w-48" />
              <Skeleton className="h-4 w-40" />
            </div>
          ) : fields.isError ? (
            <p className="text-sm text-destructive">Could not load custom fields.</p>
          ) : fields.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">This business has no custom fields yet.</p>
          ) : (
            <dl className="grid gap-3">
              {fields.data.map((f) => (
                <Row key={f.key} label={f.label}>
                  {customValue(f, customer.customFields[f.key], {
                    currency: business.currency,
                    formatPhone,
                    dates,
                  }) ?? empty}
                </Row>
              ))}
            </dl>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
