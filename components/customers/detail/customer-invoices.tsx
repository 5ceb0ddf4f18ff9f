"use client";

import { useQuery } from "@tanstack/react-query";
import { PlusIcon, RepeatIcon } from "lucide-react";
import {
  invoiceKindLabels,
  invoiceStatusLabels,
  invoiceStatusVariants,
  shownStatus,
} from "@/components/invoices/invoice-display";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { formatIsoDate } from "@/server/domain/format";
import { formatMoney } from "@/server/domain/money";

/**
 * The customer's latest invoices and quotes (five), with what is due, and "New invoice" for them; above
 * them what the customer has bought (total spent, orders, average order, last purchase) once an invoice
 * is paid. Shown to roles that may read invoices.
 */
export function CustomerInvoices({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canRead = useCan("invoices.read");
  const canWrite = useCan("invoices.write");
  const list = useQuery({
    ...trpc.invoices.list.queryOptions({ businessId: business.id, customerId, limit: 5 }),
    enabled: canRead,
  });
  const bought = useQuery({
    ...trpc.invoices.purchases.queryOptions({ businessId: business.id, customerId, limit: 1 }),
    enabled: canRead,
  });
  if (!canRead) return null;
  const items = list.data?.data ?? [];
  const p = bought.data;
  return (
    <Card className="gap-2">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle as="h2" className="text-base">
          Invoices
        </CardTitle>
        {canWrite && !readOnly ? (
          <div className="flex flex-wrap justify-end gap-2">
            <Button asChild size="sm" variant="ghost">
              <Link href={`/b/${business.slug}/invoices/recurring/new?customerId=${customerId}`}>
                <RepeatIcon aria-hidden="true" />
                Recurring
              </Link>
            </Button>
            <Button asChild size="sm" variant="outline">
              <Link href={`/b/${business.slug}/invoices/new?customerId=${customerId}`}>
                <PlusIcon aria-hidden="true" />
                New invoice
              </Link>
            </Button>
          </div>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-2">
        {p && p.orders > 0 ? (
          <dl
            aria-label="Purchases"
            className="grid grid-cols-2 gap-x-3 gap-y-1 rounded-md bg-muted p-3 text-sm sm:grid-cols-4"
          >
            <div>
              <dt className="text-xs text-muted-foreground">Total spent</dt>
              <dd className="font-semibold tabular-nums">{formatMoney(p.totalSpent, p.currency)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Orders</dt>
              <dd className="tabular-nums">{p.orders}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Average order</dt>
              <dd className="tabular-nums">{formatMoney(p.averageOrderValue, p.currency)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Last purchase</dt>
              <dd>{p.lastPurchaseOn ? formatIsoDate(p.lastPurchaseOn) : "—"}</dd>
            </div>
          </dl>
        ) : null}
        {list.isPending ? (
          <p className="text-sm text-muted-foreground">Loading…</p>
        ) : list.isError ? (
          <p className="text-sm text-destructive">Invoices could not load.</p>
        ) : items.length === 0 ? (
          <p className="text-sm text-muted-foreground">No invoices yet.</p>
        ) : (
          <ul className="grid divide-y text-sm">
            {items.map((i) => {
              const shown = shownStatus(i);
              return (
                <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link
                    href={`/b/${business.slug}/invoices/${i.id}`}
                    className="font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    {i.number ?? `${invoiceKindLabels[i.kind]} draft`}
                  </Link>
                  <span className="flex items-center gap-2 tabular-nums">
                    {formatMoney(i.total, i.currency)}
                    <Badge variant={invoiceStatusVariants[shown]}>{invoiceStatusLabels[shown]}</Badge>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
