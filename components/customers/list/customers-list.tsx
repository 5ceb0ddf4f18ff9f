"use client";

/*
 * Why one file (~740 lines): `CustomersList` is one component whose state (URL filters and sort, search,
 * selection, columns, the applied view, trash mode) every part of the screen reads and changes; the parts
 * that need none of it live beside it (customer-rows, table-parts, list-menus, saved-views-menu,
 * filters-sheet, bulk-actions, list-skeleton).
 */

import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import {
  CopyIcon,
  ListFilterIcon,
  PlusIcon,
  SearchIcon,
  Trash2Icon,
  UploadIcon,
  UsersIcon,
  XIcon,
} from "lucide-react";
import dynamic from "next/dynamic";
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { type CustomFieldDef, formatCustomValue } from "@/components/customers/form/custom-values";
import { lifecycleStageLabels } from "@/components/customers/form/labels";
import { useFormatPhone } from "@/components/customers/phone-display";
import { ExportMenu } from "@/components/imports/export-menu";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useIsDesktop } from "@/components/layout/viewport";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { customerSortFields } from "@/server/domain/customer-values";
import type { CustomerFilterInput, CustomerOutput, CustomerSortField } from "@/server/domain/customers";
import { formatCount } from "@/server/domain/format";
import { formatMoney } from "@/server/domain/money";
import type { BulkTarget } from "./bulk-target";
import {
  type ColumnDef,
  type ColumnId,
  exportColumnsFor,
  standardColumns,
  useVisibleColumns,
} from "./columns";
import { CustomerCards, CustomersTable, type RestoreAction, type RowSelection } from "./customer-rows";
import { FiltersSheet } from "./filters-sheet";
import { CustomersTableSkeleton } from "./list-skeleton";
import {
  countFilters,
  DEFAULT_SORT,
  defaultDirection,
  filterChips,
  isBareViewLink,
  type ListUrlState,
  listPageOptions,
  listPageSize,
  listQueryInput,
  panelFromUnknown,
  parseListParams,
} from "./list-state";
import { useDebounced, useUrlSearch, writeListUrl } from "./list-url";
import { SavedViewsMenu, type ViewState } from "./saved-views-menu";
import { ColumnChooser, FilterChipButton, stageVariant, TagList } from "./table-parts";

// Loaded when first shown: the bulk actions bar is not on the first screen.
const BulkActionsBar = dynamic(() => import("./bulk-actions").then((m) => m.BulkActionsBar), {
  loading: () => <div className="h-12 rounded-lg border bg-muted/40" aria-hidden="true" />,
});

const loadNewCustomerSheet = () => import("@/components/customers/new-customer-sheet");
const NewCustomerSheet = lazy(loadNewCustomerSheet);
/** Starts loading the New customer sheet and its form when the user reaches for the button. */
function loadNewCustomer() {
  void loadNewCustomerSheet();
  void import("@/components/customers/customer-form");
}

/**
 * Why this file is long: it holds the list's state in one place (URL state, queries and counts, the
 * selection, saved views, infinite scroll), which its parts read; the parts themselves live beside it
 * (customer-rows.tsx, table-parts.tsx, filters-sheet.tsx, bulk-actions.tsx, saved-views-menu.tsx).
 *
 * The customers list: search as you type, filters, sortable columns, a column chooser, saved views,
 * keyset pages loaded as you scroll (or with "Load more"), selection with "all matching", bulk actions
 * and export, and the Trash. A table from `md` up; a card list on phones (no sideways page scroll).
 * Search, filters, sort, the applied saved view and the Trash live in the URL (`list-state.ts`): a list
 * can be shared and reloaded, and Back/Forward walk its filters. Typing replaces the URL (debounced);
 * other changes push a new entry. `desktopGuess`: whether the server renders the table (true) or the
 * cards, guessed from the user agent until the browser knows its width.
 */
export function CustomersList({ desktopGuess = true }: { desktopGuess?: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("customers.write");
  const canImport = useCan("customers.import");
  const canDelete = useCan("customers.delete");
  const href = (path: string) => `/b/${business.slug}/customers${path}`;

  const urlSearchString = useUrlSearch();
  const urlState = useMemo(() => parseListParams(new URLSearchParams(urlSearchString)), [urlSearchString]);
  const { panel, sort, trash, viewId: activeViewId } = urlState;
  const [columns, setColumns] = useVisibleColumns(business.id);

  // The search box types freely; its value reaches the URL (and the query) 250 ms after the last key.
  // `urlSearch` is the last value the box and the URL agreed on: a different URL value came from
  // Back/Forward or a link, and replaces what the box shows.
  const [search, setSearch] = useState(urlState.search);
  const urlSearch = useRef(urlState.search);
  useEffect(() => {
    if (urlState.search === urlSearch.current) return;
    urlSearch.current = urlState.search;
    setSearch(urlState.search);
  }, [urlState.search]);
  const debouncedSearch = useDebounced(search.trim(), 250);
  useEffect(() => {
    if (debouncedSearch === urlSearch.current) return;
    urlSearch.current = debouncedSearch;
    // A typed search changes what a saved view shows, like a filter or sort change does.
    writeListUrl({ search: debouncedSearch, viewId: null }, "replace");
  }, [debouncedSearch]);
  /** Sets the search box and the URL at once (views, "Clear all"). */
  const navigate = useCallback((patch: Partial<ListUrlState>, mode: "push" | "replace" = "push") => {
    if (patch.search !== undefined) {
      urlSearch.current = patch.search;
      setSearch(patch.search);
    }
    writeListUrl(patch, mode);
  }, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  // null until the New customer sheet is first opened (its code loads then).
  const [newOpen, setNewOpen] = useState<boolean | null>(null);
  // `?new=1` (the installed app's New customer shortcut) opens the sheet once, then leaves the URL.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get("new") !== "1") return;
    setNewOpen(true);
    url.searchParams.delete("new");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  const isDesktop = useIsDesktop(desktopGuess);
  const formatPhone = useFormatPhone();
  const dates = useFormatDate();
  const selectAllRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  /** After a bulk action cleared the selection (and its bar): focus "Select all", or the search box. */
  const focusListStart = useCallback(() => {
    const target = selectAllRef.current ?? searchRef.current;
    if (target) target.focus();
    else document.getElementById("main")?.focus();
  }, []);

  const pageSize = listPageSize(isDesktop);
  const input = useMemo(
    () => listQueryInput(business.id, { panel, search: urlState.search, sort }, pageSize),
    [business.id, panel, urlState.search, sort, pageSize],
  );
  const filter: CustomerFilterInput = input.filter;
  const pageOpts = listPageOptions;

  const live = useInfiniteQuery({
    ...trpc.customers.list.infiniteQueryOptions(input, pageOpts),
    enabled: !trash,
    placeholderData: keepPreviousData,
  });
  const deleted = useInfiniteQuery({
    ...trpc.customers.trash.infiniteQueryOptions(input, pageOpts),
    enabled: trash,
    placeholderData: keepPreviousData,
  });
  const q = trash ? deleted : live;

  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const customFields = (fieldsQuery.data ?? []) as CustomFieldDef[];
  const membersQuery = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));
  // The name of the segment the list is filtered to (its chip).
  const segmentQuery = useQuery({
    ...trpc.segments.get.queryOptions({ businessId: business.id, segmentId: panel.segmentId ?? "" }),
    enabled: Boolean(panel.segmentId),
  });
  const members = membersQuery.data?.data ?? [];
  const memberName = useMemo(
    () => new Map(members.map((m) => [m.userId, m.name?.trim() || m.email])),
    [members],
  );

  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.data) ?? [], [q.data]);
  const listedTotal = q.data?.pages[0]?.total ?? 0;
  // A filtered total past 10,000 comes back as a lower bound: "10,000+", counted exactly on demand.
  const [countExactly, setCountExactly] = useState<string | null>(null);
  const filterKey = JSON.stringify({ filter, trash });
  const approximate = q.data?.pages[0]?.totalIsExact === false;
  const exactCount = useQuery({
    ...trpc.customers.count.queryOptions({
      businessId: business.id,
      filter: trash ? { ...filter, deleted: true } : filter,
      exact: true,
    }),
    enabled: approximate && countExactly === filterKey,
  });
  const total = approximate && exactCount.data ? exactCount.data.total : listedTotal;
  const totalText = `${formatCount(total)}${approximate && !exactCount.data ? "+" : ""}`;
  const filterCount = countFilters(panel) + (urlState.search ? 1 : 0);
  const chips = filterChips(panel, {
    stage: (st) => lifecycleStageLabels[st as keyof typeof lifecycleStageLabels] ?? st,
    member: (id) => memberName.get(id) ?? "Former member",
    customField: (key) => customFields.find((f) => f.key === key)?.label ?? key,
    segment: () => segmentQuery.data?.name ?? "…",
  });
  /** Shows only customers with `tag` (a click on a tag chip in a row). */
  const filterByTag = (tag: string) =>
    navigate({ panel: { ...panel, tags: { ...panel.tags, any: [tag] } }, viewId: null });

  // A new query means a new set of rows: drop the selection.
  const selectionKey = JSON.stringify([trash, filter, sort]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the query changes
  useEffect(() => {
    // Keeps the same (empty) set when nothing is selected, so the list does not render twice on load.
    setSelected((s) => (s.size === 0 ? s : new Set()));
    setAllMatching(false);
  }, [selectionKey]);

  const allColumns: ColumnDef[] = useMemo(
    () => [
      ...standardColumns,
      ...customFields.map((f) => ({ id: `custom:${f.key}` as ColumnId, label: f.label })),
    ],
    [customFields],
  );
  const visible = allColumns.filter((c) => columns.includes(c.id));
  const exportColumns = exportColumnsFor(visible.map((c) => c.id));

  function toggleSort(field: CustomerSortField) {
    navigate({
      sort:
        sort.field === field
          ? { field, direction: sort.direction === "asc" ? "desc" : "asc" }
          : { field, direction: defaultDirection(field) },
      viewId: null,
    });
  }

  /** Shows a saved view: its search, filters and sort (into the URL) and its columns. */
  const applyView = useCallback(
    (view: { id: string } & ViewState, mode: "push" | "replace" = "push") => {
      const s = view.filters.search;
      const field = customerSortFields.find((f) => f === view.sort?.field);
      const direction = view.sort?.direction;
      navigate(
        {
          search: typeof s === "string" ? s.trim().slice(0, 200) : "",
          panel: panelFromUnknown(view.filters),
          sort: field
            ? {
                field,
                direction: direction === "asc" || direction === "desc" ? direction : defaultDirection(field),
              }
            : DEFAULT_SORT,
          viewId: view.id,
          trash: false,
        },
        mode,
      );
      if (view.columns.length) setColumns(view.columns as ColumnId[]);
    },
    [navigate, setColumns],
  );

  // A link naming only a saved view (`?view=<id>`) opens with that view's state, once its list loads.
  // An unknown or deleted view is ignored.
  const savedViews = useQuery(trpc.savedViews.list.queryOptions({ businessId: business.id }));
  const bareViewChecked = useRef(false);
  useEffect(() => {
    if (bareViewChecked.current || !savedViews.data) return;
    bareViewChecked.current = true;
    const params = new URLSearchParams(window.location.search);
    if (!isBareViewLink(params)) return;
    const id = params.get("view");
    const view = (savedViews.data as unknown as ({ id: string } & ViewState)[]).find((v) => v.id === id);
    if (view) {
      applyView(
        {
          id: view.id,
          filters: view.filters ?? {},
          sort: view.sort ?? DEFAULT_SORT,
          columns: view.columns ?? [],
        },
        "replace",
      );
    }
  }, [savedViews.data, applyView]);

  function clearSearchAndFilters() {
    navigate({ panel: {}, search: "", viewId: null });
  }

  const restore = useMutation(
    trpc.customers.restore.mutationOptions({
      onSuccess: () => {
        toast.success("Customer restored");
        void queryClient.invalidateQueries({ queryKey: trpc.customers.trash.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  // Delete from a swiped card: moved to the Trash at once, with Undo on the toast (restore).
  const deleteOne = useMutation(
    trpc.customers.delete.mutationOptions({
      onSuccess: (_, input) => {
        const name = rows.find((r) => r.id === input.customerId)?.name ?? "Customer";
        toast.success(`${name} moved to the Trash`, {
          action: {
            label: "Undo",
            onClick: () => restore.mutate({ businessId: business.id, customerId: input.customerId }),
          },
        });
        setSelected((s) => {
          if (!s.has(input.customerId)) return s;
          const next = new Set(s);
          next.delete(input.customerId);
          return next;
        });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.count.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.trash.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  // Infinite scroll: load the next page when the sentinel below the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "400px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const pageIds = rows.map((r) => r.id);
  const allLoadedSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someSelected = allMatching || selected.size > 0;
  const selectionCount = allMatching ? total : selected.size;
  const target: BulkTarget = allMatching
    ? { filter: trash ? { ...filter, deleted: true } : filter }
    : { customerIds: [...selected] };

  function toggleAll(checked: boolean) {
    setAllMatching(false);
    setSelected(checked ? new Set(pageIds) : new Set());
  }
  function toggleOne(id: string, checked: boolean) {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const selection: RowSelection = {
    allMatching,
    selected,
    allLoadedSelected,
    selectAllRef,
    toggleAll,
    toggleOne,
  };
  const restoreAction: RestoreAction | null = canDelete
    ? {
        pending: restore.isPending,
        run: (customerId) => restore.mutate({ businessId: business.id, customerId }),
      }
    : null;

  const cell = (c: CustomerOutput, col: ColumnId): ReactNode => {
    switch (col) {
      case "email":
        return c.email ?? "";
      case "phone":
        return formatPhone(c.phone) + (c.phoneExtension ? ` ext. ${c.phoneExtension}` : "");
      case "whatsapp":
        return formatPhone(c.whatsapp);
      case "company":
        return c.company ?? "";
      case "source":
        return c.source ?? "";
      case "owner":
        return c.ownerId ? (memberName.get(c.ownerId) ?? "Former member") : "";
      case "tags":
        return <TagList tags={c.tags} nowrap onTagClick={filterByTag} />;
      case "lifecycleStage":
        return (
          <Badge variant={stageVariant[c.lifecycleStage]}>{lifecycleStageLabels[c.lifecycleStage]}</Badge>
        );
      case "createdAt":
        return dates.date(c.createdAt);
      case "lastActivityAt":
        return dates.date(c.lastActivityAt);
      case "totalSpent":
        return c.purchases.ordersCount ? formatMoney(c.purchases.totalSpent, business.currency) : "";
      case "lastPurchaseOn":
        return c.purchases.lastPurchaseOn ? dates.day(c.purchases.lastPurchaseOn) : "";
      default: {
        const key = col.slice("custom:".length);
        const def = customFields.find((f) => f.key === key);
        return def ? formatCustomValue(def, c.customFields[key], business.currency) : "";
      }
    }
  };

  const showFirstRun = !trash && !q.isPending && !q.isError && total === 0 && filterCount === 0 && !search;

  return (
    <div className="grid min-w-0 gap-4">
      <PageHeader
        title="Customers"
        description={
          q.isPending ? (
            "Loading…"
          ) : (
            <>
              {trash
                ? `${totalText} in the Trash. Deleted customers can be restored for 30 days.`
                : `${totalText} ${filterCount ? "matching" : total === 1 ? "customer" : "customers"}`}
              {approximate && !exactCount.data ? (
                <Button
                  variant="link"
                  size="sm"
                  className="ml-2 h-auto px-0"
                  disabled={exactCount.isFetching}
                  onClick={() => setCountExactly(filterKey)}
                >
                  {exactCount.isFetching ? "Counting…" : "Count exactly"}
                </Button>
              ) : null}
            </>
          )
        }
        className="mb-0"
        actions={
          <>
            {/* The phone's bottom bar has no room for Segments: it is reached from here. */}
            <Button variant="ghost" asChild className="md:hidden">
              <Link href={`/b/${business.slug}/segments`}>
                <ListFilterIcon aria-hidden="true" />
                Segments
              </Link>
            </Button>
            <Button variant="ghost" asChild>
              <Link href={href("/duplicates")}>
                <CopyIcon aria-hidden="true" />
                Duplicates
              </Link>
            </Button>
            {canImport ? (
              <Button variant="outline" asChild>
                <Link href={href("/import")}>
                  <UploadIcon aria-hidden="true" />
                  Import
                </Link>
              </Button>
            ) : null}
            {!trash && total > 0 ? (
              <ExportMenu count={total} filter={filter} columns={exportColumns} sort={sort} />
            ) : null}
            {canWrite ? (
              <Button
                onClick={() => setNewOpen(true)}
                onPointerEnter={loadNewCustomer}
                onFocus={loadNewCustomer}
              >
                <PlusIcon aria-hidden="true" />
                New customer
              </Button>
            ) : null}
          </>
        }
      />

      {showFirstRun ? (
        <EmptyState
          icon={<UsersIcon />}
          title="No customers yet"
          description="Add your first customer, or bring in the spreadsheet you already keep."
          action={
            <>
              {canWrite ? (
                <Button
                  onClick={() => setNewOpen(true)}
                  onPointerEnter={loadNewCustomer}
                  onFocus={loadNewCustomer}
                >
                  <PlusIcon aria-hidden="true" />
                  Add customer
                </Button>
              ) : null}
              {canImport ? (
                <Button variant="outline" asChild>
                  <Link href={href("/import")}>
                    <UploadIcon aria-hidden="true" />
                    Import customers
                  </Link>
                </Button>
              ) : null}
            </>
          }
        />
      ) : (
        <>
          {/* Toolbar: search, filters, views, columns, Trash */}
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <div className="relative min-w-0 flex-1 basis-full sm:basis-64">
              <SearchIcon
                className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
                aria-hidden="true"
              />
              <Input
                ref={searchRef}
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="Search name, email or phone"
                aria-label="Search customers"
                className="pr-9 pl-9"
                enterKeyHint="search"
              />
              {search ? (
                <button
                  type="button"
                  onClick={() => setSearch("")}
                  aria-label="Clear search"
                  className="absolute top-1/2 right-2 grid size-6 -translate-y-1/2 place-items-center rounded-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <XIcon className="size-4" aria-hidden="true" />
                </button>
              ) : null}
            </div>
            <FiltersSheet
              value={panel}
              onApply={(f) => navigate({ panel: f, viewId: null })}
              members={members}
              customFields={customFields}
              currency={business.currency}
            />
            <SavedViewsMenu
              current={{ filters: { ...filter }, sort, columns }}
              activeId={activeViewId}
              onApply={applyView}
            />
            <ColumnChooser all={allColumns} visible={columns} onChange={setColumns} />
            <fieldset className="ml-auto flex rounded-md border p-0.5" aria-label="Which customers">
              <Button
                size="sm"
                variant={trash ? "ghost" : "secondary"}
                aria-pressed={!trash}
                onClick={() => navigate({ trash: false })}
              >
                All
              </Button>
              <Button
                size="sm"
                variant={trash ? "secondary" : "ghost"}
                aria-pressed={trash}
                onClick={() => navigate({ trash: true })}
              >
                <Trash2Icon aria-hidden="true" />
                Trash
              </Button>
            </fieldset>
          </div>

          {filterCount ? (
            <ul className="flex flex-wrap items-center gap-2 text-sm" aria-label="Active filters">
              {urlState.search ? (
                <li>
                  <FilterChipButton label={`Search: ${urlState.search}`} onRemove={() => setSearch("")} />
                </li>
              ) : null}
              {chips.map((chip) => (
                <li key={chip.id}>
                  <FilterChipButton
                    label={chip.label}
                    onRemove={() => navigate({ panel: chip.without, viewId: null })}
                  />
                </li>
              ))}
              <li>
                <Button variant="link" size="sm" className="h-auto px-0" onClick={clearSearchAndFilters}>
                  Clear all
                </Button>
              </li>
              {canWrite && !trash && countFilters(panel) ? (
                <li>
                  <Link
                    href={`/b/${business.slug}/segments/new?filter=${encodeURIComponent(
                      JSON.stringify(urlState.search ? { ...panel, search: urlState.search } : panel),
                    )}`}
                    className="font-medium text-primary underline-offset-4 hover:underline"
                  >
                    Save as segment
                  </Link>
                </li>
              ) : null}
            </ul>
          ) : null}

          {someSelected ? (
            <BulkActionsBar
              target={target}
              count={selectionCount}
              trash={trash}
              members={members}
              columns={exportColumns}
              sort={sort}
              onDone={() => toggleAll(false)}
              onClear={() => {
                toggleAll(false);
                focusListStart();
              }}
              onFocusAway={focusListStart}
            />
          ) : null}
          {allLoadedSelected && !allMatching && total > pageIds.length ? (
            <p className="text-sm" aria-live="polite">
              All {pageIds.length} loaded customers are selected.{" "}
              <Button variant="link" size="sm" className="h-auto px-0" onClick={() => setAllMatching(true)}>
                Select all {totalText} matching
              </Button>
            </p>
          ) : null}

          {q.isPending ? (
            <CustomersTableSkeleton />
          ) : q.isError ? (
            <QueryError error={q.error} title="Customers could not load" onRetry={() => q.refetch()} />
          ) : rows.length === 0 ? (
            trash ? (
              <EmptyState
                icon={<Trash2Icon />}
                title={filterCount ? "Nothing in the Trash matches" : "The Trash is empty"}
                description="Deleted customers stay here for 30 days."
              />
            ) : (
              <EmptyState
                icon={<SearchIcon />}
                title="No customers match"
                description="Try another search or fewer filters."
                action={
                  <Button variant="outline" onClick={clearSearchAndFilters}>
                    Clear search and filters
                  </Button>
                }
              />
            )
          ) : (
            <div className={cn("grid min-w-0 gap-3 transition-opacity", q.isPlaceholderData && "opacity-60")}>
              {isDesktop ? (
                <CustomersTable
                  rows={rows}
                  visible={visible}
                  cell={cell}
                  sort={sort}
                  onSort={toggleSort}
                  selection={selection}
                  trash={trash}
                  restore={restoreAction}
                  customerHref={(id) => href(`/${id}`)}
                />
              ) : (
                <CustomerCards
                  onTagClick={filterByTag}
                  rows={rows}
                  sort={sort}
                  onSort={toggleSort}
                  selection={selection}
                  trash={trash}
                  restore={restoreAction}
                  customerHref={(id) => href(`/${id}`)}
                  onDelete={
                    canDelete && canWrite
                      ? (c) => deleteOne.mutate({ businessId: business.id, customerId: c.id })
                      : null
                  }
                />
              )}

              <div ref={sentinel} aria-hidden="true" />
              {q.hasNextPage ? (
                <Button
                  variant="outline"
                  className="justify-self-center"
                  loading={q.isFetchingNextPage}
                  onClick={() => q.fetchNextPage()}
                >
                  Load more
                </Button>
              ) : (
                <p className="text-center text-xs text-muted-foreground">
                  Showing all {formatCount(rows.length)}.
                </p>
              )}
            </div>
          )}
        </>
      )}

      {newOpen !== null ? (
        <Suspense fallback={null}>
          <NewCustomerSheet open={newOpen} onOpenChange={setNewOpen} />
        </Suspense>
      ) : null}
    </div>
  );
}
