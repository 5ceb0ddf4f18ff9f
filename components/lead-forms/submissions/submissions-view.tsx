"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { DownloadIcon, InboxIcon, SearchIcon, ShieldAlertIcon } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import {
  type SubmissionOutput,
  type SubmissionTab,
  submissionTabs,
} from "@/server/domain/lead-form-contracts";
import {
  emptyFilters,
  exportHref,
  nextSubmissionsPage,
  type SubmissionFilterState,
  submissionsInput,
} from "./queries";
import { submissionStatusLabels, submissionStatusVariant } from "./submission-display";
import { SubmissionSheet } from "./submission-sheet";

/**
 * A form's submissions: the inbox and the Spam tab, filters (status, days in the business's time zone,
 * search in the answers), CSV / XLSX export of what the filters show, 50 at a time with "Load more", and
 * a detail sheet per submission.
 */
export function SubmissionsView({ formId }: { formId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const id = useId();
  const [filters, setFilters] = useState<SubmissionFilterState>(emptyFilters);
  // The search is asked for once typing pauses (300 ms), not on every key.
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    const t = setTimeout(() => setSearch(filters.search), 300);
    return () => clearTimeout(t);
  }, [filters.search]);
  const [openId, setOpenId] = useState<string | null>(null);
  const effective = { ...filters, search };
  const list = useInfiniteQuery(
    trpc.leadForms.submissions.infiniteQueryOptions(
      submissionsInput(business.id, formId, effective, business.timeZone),
      nextSubmissionsPage,
    ),
  );
  const rows = (list.data?.pages.flatMap((p) => p.data) ?? []) as SubmissionOutput[];
  const set = (patch: Partial<SubmissionFilterState>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Boolean(filters.status || filters.fromDay || filters.toDay || filters.search.trim());

  // The tabs share one panel: their filters and list (only the open tab's is rendered).
  const panel = (
    <>
      <div className="flex min-w-0 flex-wrap items-end gap-3">
        <div className="grid min-w-0 flex-1 basis-48 gap-1.5">
          <Label htmlFor={`${id}-search`}>Search answers</Label>
          <div className="relative">
            <SearchIcon
              aria-hidden="true"
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
            />
            <Input
              id={`${id}-search`}
              type="search"
              className="pl-9"
              value={filters.search}
              maxLength={200}
              placeholder="Name, email, phone…"
              onChange={(e) => set({ search: e.target.value })}
            />
          </div>
        </div>
        {filters.tab === "all" ? (
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-status`}>Status</Label>
            <NativeSelect
              id={`${id}-status`}
              wrapperClassName="w-40"
              value={filters.status}
              onChange={(e) => set({ status: e.target.value as SubmissionFilterState["status"] })}
            >
              <option value="">Any</option>
              <option value="received">{submissionStatusLabels.received}</option>
              <option value="processed">{submissionStatusLabels.processed}</option>
              <option value="failed">{submissionStatusLabels.failed}</option>
            </NativeSelect>
          </div>
        ) : null}
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-from`}>From</Label>
          <Input
            id={`${id}-from`}
            type="date"
            className="w-40"
            value={filters.fromDay}
            max={filters.toDay || undefined}
            onChange={(e) => set({ fromDay: e.target.value })}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-to`}>To</Label>
          <Input
            id={`${id}-to`}
            type="date"
            className="w-40"
            value={filters.toDay}
            min={filters.fromDay || undefined}
            onChange={(e) => set({ toDay: e.target.value })}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          {(["csv", "xlsx"] as const).map((format) => (
            <Button key={format} asChild variant="outline" size="sm">
              <a href={exportHref(formId, format, effective, business.timeZone)} download>
                <DownloadIcon aria-hidden="true" />
                Export {format.toUpperCase()}
              </a>
            </Button>
          ))}
        </div>
      </div>

      {list.isPending ? (
        <div aria-busy="true" className="rounded-lg border p-4">
          <span className="sr-only" role="status">
            Loading submissions
          </span>
          <ListSkeleton rows={4} />
        </div>
      ) : list.isError ? (
        <QueryError error={list.error} title="Submissions could not load" onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={filters.tab === "spam" ? <ShieldAlertIcon /> : <InboxIcon />}
          title={
            filtered ? "Nothing matches" : filters.tab === "spam" ? "No spam caught" : "No submissions yet"
          }
          description={
            filtered
              ? "Try other filters."
              : filters.tab === "spam"
                ? "Submissions that look like bots land here, never lost; mark one as not spam to add its customer."
                : "When visitors send the form, their answers show up here and they become customers."
          }
        />
      ) : (
        <>
          <ul aria-label="Submissions" className="grid divide-y rounded-lg border">
            {rows.map((s) => (
              <SubmissionRow key={s.id} submission={s} onOpen={() => setOpenId(s.id)} />
            ))}
          </ul>
          {list.hasNextPage ? (
            <div className="flex justify-center">
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
    </>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="grid min-w-0 gap-4">
      <h2 id={`${id}-title`} className="sr-only">
        Submissions
      </h2>
      <Tabs
        value={filters.tab}
        onValueChange={(tab) => set({ tab: tab as SubmissionTab, status: "" })}
        className="gap-4"
      >
        <TabsList aria-label="Which submissions">
          <TabsTrigger value="all">
            <InboxIcon aria-hidden="true" />
            All
          </TabsTrigger>
          <TabsTrigger value="spam">
            <ShieldAlertIcon aria-hidden="true" />
            Spam
          </TabsTrigger>
        </TabsList>
        {submissionTabs.map((tab) => (
          <TabsContent key={tab} value={tab} className="grid min-w-0 gap-4">
            {panel}
          </TabsContent>
        ))}
      </Tabs>
      <SubmissionSheet submissionId={openId} onOpenChange={(open) => !open && setOpenId(null)} />
    </section>
  );
}

/** One submission: who, what happened to it, where from and when; opens its sheet. */
function SubmissionRow({ submission: s, onOpen }: { submission: SubmissionOutput; onOpen: () => void }) {
  const dates = useFormatDate();
  const phone = useFormatPhone()(s.contact.phone);
  const who = s.contact.name ?? s.contact.email ?? (phone || "No name given");
  const reach = [s.contact.email, phone].filter(Boolean).join(" · ");
  return (
    <li>
      <button
        type="button"
        onClick={onOpen}
        className="grid w-full min-w-0 gap-1 p-4 text-left outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center sm:gap-4"
      >
        <span className="grid min-w-0 gap-0.5">
          <span className="truncate font-medium">{who}</span>
          {reach && reach !== who ? (
            <span className="truncate text-sm text-muted-foreground">{reach}</span>
          ) : null}
        </span>
        <span className="flex min-w-0 flex-wrap items-center gap-2 text-sm text-muted-foreground sm:justify-end">
          <Badge variant={submissionStatusVariant[s.status]}>{submissionStatusLabels[s.status]}</Badge>
          <span className="truncate">{s.source}</span>
          <span className="whitespace-nowrap">{dates.dateTime(s.createdAt)}</span>
        </span>
      </button>
    </li>
  );
}
