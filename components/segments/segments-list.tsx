"use client";

import { useQuery } from "@tanstack/react-query";
import { FilterIcon, MoreHorizontalIcon, PlusIcon, UsersIcon } from "lucide-react";
import { lazy } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount } from "@/server/domain/format";
import type { SegmentOutput } from "@/server/domain/segments";

const loadActionsMenu = () => import("./segment-actions-menu");
const SegmentActionsMenu = lazy(loadActionsMenu);

/** The segments section, which takes focus when the segment whose menu had it is deleted. */
const SECTION_ID = "segments";

/** "1 customer", "1,204 customers". */
export function customersCount(n: number): string {
  return `${formatCount(n)} customer${n === 1 ? "" : "s"}`;
}

/**
 * The business's segments: name, description, how many customers each matches now (counted one by one
 * in the browser, so the list shows at once), "Built-in" for the ones every business starts with, and
 * per segment "View customers" and a menu (edit, rename, duplicate, delete) whose code loads when first
 * reached for. Roles that may not change customers see no New button and no menu.
 */
export function SegmentsList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("customers.write");
  const list = useQuery(trpc.segments.list.queryOptions({ businessId: business.id }));
  const segments = (list.data?.data ?? []) as SegmentOutput[];
  const newHref = `/b/${business.slug}/segments/new`;

  const newButton = canWrite ? (
    <Button asChild>
      <Link href={newHref}>
        <PlusIcon aria-hidden="true" />
        New segment
      </Link>
    </Button>
  ) : null;

  return (
    <div className="min-w-0">
      <PageHeader
        title="Segments"
        description="Groups of customers picked by rules, such as “tagged vip in Pune”. They stay up to date as your customers change."
        actions={newButton}
      />
      <section id={SECTION_ID} tabIndex={-1} aria-label="Your segments" className="outline-none">
        {list.isPending ? (
          <div aria-busy="true" className="rounded-lg border p-4">
            <span className="sr-only" role="status">
              Loading segments
            </span>
            <ListSkeleton rows={4} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Segments could not load" onRetry={() => list.refetch()} />
        ) : segments.length === 0 ? (
          <EmptyState
            icon={<FilterIcon />}
            title="No segments yet"
            description="A segment picks customers by rules (tags, city, birthday, consent…) and keeps the list up to date for you."
            action={newButton}
          />
        ) : (
          <ul className="grid divide-y rounded-lg border">
            {segments.map((s) => (
              <SegmentRow key={s.id} segment={s} canWrite={canWrite} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One segment of the list, with its live count and actions. */
function SegmentRow({ segment, canWrite }: { segment: SegmentOutput; canWrite: boolean }) {
  const business = useBusiness();
  const editHref = `/b/${business.slug}/segments/${segment.id}`;
  const customersHref = `/b/${business.slug}/customers?${new URLSearchParams({ segment: segment.id })}`;
  const trigger = (
    <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${segment.name}`}>
      <MoreHorizontalIcon aria-hidden="true" />
    </Button>
  );
  return (
    <li className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2 p-4">
      <div className="grid min-w-0 flex-1 basis-56 gap-1">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          {canWrite ? (
            <Link
              href={editHref}
              className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
            >
              {segment.name}
            </Link>
          ) : (
            <span className="truncate font-medium">{segment.name}</span>
          )}
          {segment.preset ? <Badge variant="outline">Built-in</Badge> : null}
        </p>
        {segment.description ? <p className="text-sm text-muted-foreground">{segment.description}</p> : null}
      </div>
      <SegmentCount segmentId={segment.id} />
      <div className="flex shrink-0 items-center gap-1">
        <Button asChild variant="outline" size="sm">
          <Link href={customersHref} aria-label={`View customers in ${segment.name}`}>
            <UsersIcon aria-hidden="true" />
            View customers
          </Link>
        </Button>
        {canWrite ? (
          <PopupOnDemand
            trigger={trigger}
            preload={loadActionsMenu}
            menu={
              <SegmentActionsMenu
                segment={segment}
                trigger={trigger}
                editHref={editHref}
                afterDeleteFocusId={SECTION_ID}
              />
            }
          />
        ) : null}
      </div>
    </li>
  );
}

/** How many customers a saved segment matches now (`segments.count`). */
function SegmentCount({ segmentId }: { segmentId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const count = useQuery(trpc.segments.count.queryOptions({ businessId: business.id, segmentId }));
  return (
    <div className="w-32 shrink-0 text-sm tabular-nums sm:text-right">
      {count.isPending ? (
        <>
          <span className="sr-only">Counting customers</span>
          <Skeleton className="h-4 w-24 sm:ml-auto" />
        </>
      ) : count.isError ? (
        <span className="text-muted-foreground" title={count.error.message}>
          Count unavailable
        </span>
      ) : (
        customersCount(count.data.count)
      )}
    </div>
  );
}
