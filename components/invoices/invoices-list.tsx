"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { PackageIcon, PlusIcon, ReceiptTextIcon, RepeatIcon, UploadIcon } from "lucide-react";
import { useId, useState } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { formatMoney } from "@/server/domain/money";
import {
  invoiceKindLabels,
  invoiceStatusLabels,
  invoiceStatusVariants,
  shownStatus,
} from "./invoice-display";

const statusFilters = ["", "draft", "issued", "partially_paid", "overdue", "paid", "void"] as const;
type StatusFilter = (typeof statusFilters)[number];

/**
 * The business's invoices, quotes and credit notes, newest first: number, customer, total, what is due
 * and the status (overdue in red, from the due date in the business's time zone). Filter by status and
 * kind; "Load more" fetches the next 50.
 */
export function InvoicesList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("invoices.write");
  const dates = useFormatDate();
  const statusId = useId();
  const kindId = useId();
  const [status, setStatus] = useState<StatusFilter>("");
  const [kind, setKind] = useState<"" | "invoice" | "quote" | "credit_note">("");
  const list = useInfiniteQuery(
    trpc.invoices.list.infiniteQueryOptions(
      { businessId: business.id, limit: 50, ...(status ? { status } : {}), ...(kind ? { kind } : {}) },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const newButton = (
    <div className="flex flex-wrap gap-2">
      <Button asChild variant="outline">
        <Link href={`/b/${business.slug}/invoices/products`}>
          <PackageIcon aria-hidden="true" />
          Products
        </Link>
      </Button>
      <Button asChild variant="outline">
        <Link href={`/b/${business.slug}/invoices/recurring`}>
          <RepeatIcon aria-hidden="true" />
          Recurring
        </Link>
      </Button>
      {canWrite ? (
        <Button asChild variant="outline">
          <Link href={`/b/${business.slug}/invoices/purchases-import`}>
            <UploadIcon aria-hidden="true" />
            Import purchases
          </Link>
        </Button>
      ) : null}
      {canWrite ? (
        <Button asChild>
          <Link href={`/b/${business.slug}/invoices/new`}>
            <PlusIcon aria-hidden="true" />
            New invoice
          </Link>
        </Button>
      ) : null}
    </div>
  );

  return (
    <div className="min-w-0">
      <PageHeader
        title="Invoices"
        description="Bill your customers with GST-correct invoices and quotes, and see what is paid and what is due."
        actions={newButton}
      />
      <div className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex items-center gap-2">
          <Label htmlFor={statusId}>Status</Label>
          <NativeSelect
            id={statusId}
            wrapperClassName="w-40"
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
          >
            {statusFilters.map((s) => (
              <option key={s} value={s}>
                {s ? invoiceStatusLabels[s] : "All statuses"}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-center gap-2">
          <Label htmlFor={kindId}>Type</Label>
          <NativeSelect
            id={kindId}
            wrapperClassName="w-40"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            <option value="">All types</option>
            {(["invoice", "quote", "credit_note"] as const).map((k) => (
              <option key={k} value={k}>
                {invoiceKindLabels[k]}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      <section aria-label="Your invoices" className="min-w-0">
        {list.isPending ? (
          <div aria-busy="true" className="rounded-lg border p-4">
            <span className="sr-only" role="status">
              Loading invoices
            </span>
            <ListSkeleton rows={4} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Invoices could not load" onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<ReceiptTextIcon />}
            title={status || kind ? "Nothing matches these filters" : "No invoices yet"}
            description={
              status || kind
                ? "Pick another status or type to see the others."
                : "Bill a customer: pick them, add services from your catalog, and the GST works itself out."
            }
            action={
              status || kind ? (
                <Button
                  variant="outline"
                  onClick={() => {
                    setStatus("");
                    setKind("");
                  }}
                >
                  Show all
                </Button>
              ) : (
                newButton
              )
            }
          />
        ) : (
          <>
            <ul className="grid divide-y rounded-lg border">
              {items.map((i) => {
                const shown = shownStatus(i);
                return (
                  <li key={i.id} className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1 p-4">
                    <div className="grid min-w-0 flex-1 basis-48 gap-1">
                      <p className="flex min-w-0 flex-wrap items-center gap-2">
                        <Link
                          href={`/b/${business.slug}/invoices/${i.id}`}
                          className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          {i.number ?? `${invoiceKindLabels[i.kind]} draft`}
                        </Link>
                        <Badge variant={invoiceStatusVariants[shown]}>{invoiceStatusLabels[shown]}</Badge>
                      </p>
                      <p className="truncate text-sm text-muted-foreground">
                        {i.customerName ?? "No customer"}
                        {i.issueDate ? ` · ${dates.day(i.issueDate)}` : ""}
                        {i.dueDate && i.status !== "paid" && i.status !== "void"
                          ? ` · due ${dates.day(i.dueDate)}`
                          : ""}
                      </p>
                    </div>
                    <div className="ml-auto grid text-right">
                      <span className="font-medium tabular-nums">{formatMoney(i.total, i.currency)}</span>
                      {i.amountDue > 0 && i.status !== "draft" && i.status !== "void" ? (
                        <span className="text-sm text-muted-foreground tabular-nums">
                          {formatMoney(i.amountDue, i.currency)} due
                        </span>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
            {list.hasNextPage ? (
              <div className="mt-4 flex justify-center">
                <Button
                  variant="outline"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
