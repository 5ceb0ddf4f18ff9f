"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, RepeatIcon } from "lucide-react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { formatMoney } from "@/server/domain/money";

const statusLabels = { active: "Active", paused: "Paused", ended: "Ended" } as const;
const statusVariants = { active: "default", paused: "secondary", ended: "outline" } as const;

/**
 * The business's recurring invoices: the customer, what it bills and how often, the next date, how many
 * invoices it has made, and Pause / Resume / Skip next / Delete. A paused profile shows why when the
 * background run paused it (e.g. the customer was deleted).
 */
export function RecurringInvoicesList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("invoices.write");
  const dates = useFormatDate();
  const list = useInfiniteQuery(
    trpc.recurringInvoices.list.infiniteQueryOptions(
      { businessId: business.id, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.recurringInvoices.list.pathKey() });
  const onError = (e: unknown) => toast.error(messageOf(e));
  const pause = useMutation(trpc.recurringInvoices.pause.mutationOptions({ onSuccess: refresh, onError }));
  const resume = useMutation(trpc.recurringInvoices.resume.mutationOptions({ onSuccess: refresh, onError }));
  const skip = useMutation(
    trpc.recurringInvoices.skipNext.mutationOptions({
      onSuccess: (d) => {
        toast.success(
          d.nextRunOn ? `Skipped. Next invoice on ${dates.day(d.nextRunOn)}.` : "Skipped. It has ended.",
        );
        return refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.recurringInvoices.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Deleted. The invoices it made stay.");
        return refresh();
      },
      onError,
    }),
  );
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const newButton = canWrite ? (
    <Button asChild>
      <Link href={`/b/${business.slug}/invoices/recurring/new`}>
        <PlusIcon aria-hidden="true" />
        New recurring invoice
      </Link>
    </Button>
  ) : null;

  return (
    <div className="min-w-0">
      <PageHeader
        title="Recurring invoices"
        description="Bill a membership, a retainer or a rent by itself: issued and emailed on schedule, in your time zone, each period once."
        actions={newButton}
      />
      {list.isPending ? (
        <div aria-busy="true" className="rounded-lg border p-4">
          <span className="sr-only" role="status">
            Loading recurring invoices
          </span>
          <ListSkeleton rows={4} />
        </div>
      ) : list.isError ? (
        <QueryError
          error={list.error}
          title="Recurring invoices could not load"
          onRetry={() => list.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<RepeatIcon />}
          title="No recurring invoices yet"
          description="Set one up for a customer who pays the same every week, month, quarter or year."
          action={newButton}
        />
      ) : (
        <>
          <ul className="grid divide-y rounded-lg border">
            {items.map((r) => {
              const busy = [pause, resume, skip, remove].some(
                (m) => m.isPending && m.variables?.recurringInvoiceId === r.id,
              );
              const input = { businessId: business.id, recurringInvoiceId: r.id };
              return (
                <li key={r.id} className="grid min-w-0 gap-2 p-4 sm:grid-cols-[1fr_auto]">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <Link
                        href={`/b/${business.slug}/invoices/recurring/${r.id}`}
                        className="font-medium break-words underline-offset-4 hover:underline"
                      >
                        {r.name}
                      </Link>
                      <Badge variant={statusVariants[r.status]}>{statusLabels[r.status]}</Badge>
                      {r.autoSend ? null : <Badge variant="outline">Drafts</Badge>}
                    </p>
                    <p className="text-sm break-words text-muted-foreground">
                      {r.customerName ?? "No customer"} · {formatMoney(r.total, r.currency)} · {r.schedule}
                    </p>
                    <p className="text-sm">
                      {r.nextRunOn ? `Next: ${dates.day(r.nextRunOn)}` : "No more invoices"}
                      {` · ${r.generatedCount} made`}
                      {r.skippedCount ? ` · ${r.skippedCount} skipped` : ""}
                      {r.lastInvoiceId ? (
                        <>
                          {" · "}
                          <Link
                            href={`/b/${business.slug}/invoices/${r.lastInvoiceId}`}
                            className="underline underline-offset-4"
                          >
                            last invoice
                          </Link>
                        </>
                      ) : null}
                    </p>
                    {r.lastError ? (
                      <p className="text-sm text-destructive" role="note">
                        Paused: {r.lastError}
                      </p>
                    ) : null}
                  </div>
                  {canWrite ? (
                    <div className="flex flex-wrap items-start gap-2">
                      {r.status === "active" ? (
                        <>
                          <Button
                            size="sm"
                            variant="outline"
                            disabled={busy}
                            onClick={() => skip.mutate(input)}
                          >
                            Skip next
                          </Button>
                          <Button
                            size="sm"
                            variant="outline"
                            disabled={busy}
                            onClick={() => pause.mutate(input)}
                          >
                            Pause
                          </Button>
                        </>
                      ) : r.status === "paused" ? (
                        <Button
                          size="sm"
                          variant="outline"
                          disabled={busy}
                          onClick={() => resume.mutate(input)}
                        >
                          Resume
                        </Button>
                      ) : null}
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={busy}
                        onClick={() => {
                          if (window.confirm(`Delete "${r.name}"? The invoices it made stay.`))
                            remove.mutate(input);
                        }}
                      >
                        Delete
                      </Button>
                    </div>
                  ) : null}
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
    </div>
  );
}
