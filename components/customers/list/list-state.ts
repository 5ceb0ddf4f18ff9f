import { type CustomerSortField, consentChannels, customerSortFields } from "@/server/domain/customer-values";
import type { CustomerFilterInput } from "@/server/domain/customers";
import { isUuid } from "@/server/ids";

/**
 * The customers list's state as it lives in the URL, so a filtered list can be shared, reloaded and
 * walked with Back/Forward: `q` (search), `filter` (the panel's filter as JSON), `sort` and `dir`,
 * `view` (the saved view last applied) and `trash=1`. Defaults are left out of the URL. Pure functions,
 * no React: parsing ignores whatever is malformed instead of failing.
 *
 * In the browser this module checks structure only (it loads no schema library): the page validates the
 * URL's filter on the server against the customers filter schema (`customerFilterFromUnknown`) and
 * replaces an invalid URL with its valid part, and saved views come back from the server validated the
 * same way, so every filter the list reads here was either checked there or written by the list itself.
 */

/** The list's filter without the search box (which lives outside the panel). */
export type PanelFilter = Omit<CustomerFilterInput, "search" | "deleted">;

/** How many conditions a filter sets (for the badge on the Filters button). */
export function countFilters(f: PanelFilter): number {
  let n = 0;
  if (f.tags?.any?.length) n++;
  if (f.tags?.all?.length) n++;
  if (f.tags?.none?.length) n++;
  if (f.sources?.length) n++;
  if (f.lifecycleStages?.length) n++;
  if (f.ownerIds?.length || f.unassigned) n++;
  if (f.hasEmail !== undefined) n++;
  if (f.hasPhone !== undefined) n++;
  if (f.hasWhatsapp !== undefined) n++;
  if (f.needsReview !== undefined) n++;
  for (const ch of consentChannels) if (f.consent?.[ch]) n++;
  if (f.birthday) n++;
  if (f.anniversary) n++;
  if (f.created?.from || f.created?.to) n++;
  if (f.lastActivity?.from || f.lastActivity?.to) n++;
  n += f.customFields?.length ?? 0;
  if (f.segmentId) n++;
  return n;
}

/** Drops empty parts so the query key and saved views stay small. */
export function cleanFilter(f: PanelFilter): PanelFilter {
  const out: PanelFilter = {};
  const tags = {
    ...(f.tags?.any?.length ? { any: f.tags.any } : {}),
    ...(f.tags?.all?.length ? { all: f.tags.all } : {}),
    ...(f.tags?.none?.length ? { none: f.tags.none } : {}),
  };
  if (Object.keys(tags).length) out.tags = tags;
  if (f.sources?.length) out.sources = f.sources;
  if (f.lifecycleStages?.length) out.lifecycleStages = f.lifecycleStages;
  if (f.ownerIds?.length) out.ownerIds = f.ownerIds;
  if (f.unassigned) out.unassigned = true;
  if (f.hasEmail !== undefined) out.hasEmail = f.hasEmail;
  if (f.hasPhone !== undefined) out.hasPhone = f.hasPhone;
  if (f.hasWhatsapp !== undefined) out.hasWhatsapp = f.hasWhatsapp;
  if (f.needsReview !== undefined) out.needsReview = f.needsReview;
  const consent = Object.fromEntries(
    consentChannels.filter((c) => f.consent?.[c]).map((c) => [c, f.consent?.[c]]),
  );
  if (Object.keys(consent).length) out.consent = consent;
  if (f.birthday) out.birthday = f.birthday;
  if (f.anniversary) out.anniversary = f.anniversary;
  if (f.created?.from || f.created?.to)
    out.created = {
      ...(f.created.from ? { from: f.created.from } : {}),
      ...(f.created.to ? { to: f.created.to } : {}),
    };
  if (f.lastActivity?.from || f.lastActivity?.to)
    out.lastActivity = {
      ...(f.lastActivity.from ? { from: f.lastActivity.from } : {}),
      ...(f.lastActivity.to ? { to: f.lastActivity.to } : {}),
    };
  if (f.customFields?.length) out.customFields = f.customFields;
  if (isUuid(f.segmentId)) out.segmentId = f.segmentId;
  return out;
}

export type ListSort = { field: CustomerSortField; direction: "asc" | "desc" };
export const DEFAULT_SORT: ListSort = { field: "createdAt", direction: "desc" };

/** Text sorts start A→Z; dates start newest first. */
export function defaultDirection(field: CustomerSortField): "asc" | "desc" {
  return field === "createdAt" ||
    field === "updatedAt" ||
    field === "lastActivityAt" ||
    field === "totalSpent"
    ? "desc"
    : "asc";
}

/** What the customers list shows: search, panel filter, sort, the saved view applied, live or Trash. */
export interface ListUrlState {
  search: string;
  panel: PanelFilter;
  sort: ListSort;
  viewId: string | null;
  trash: boolean;
}

export const DEFAULT_LIST_STATE: ListUrlState = {
  search: "",
  panel: {},
  sort: DEFAULT_SORT,
  viewId: null,
  trash: false,
};

/** The URL parameters the list owns. */
export const listParamNames = ["q", "filter", "sort", "dir", "view", "trash", "segment"] as const;

/** Longest search the list sends (the filter schema's limit). */
const SEARCH_MAX = 200;

/**
 * The panel's part of a filter object: its known conditions, cleaned (`cleanFilter`); `search`,
 * `deleted` and unknown keys are dropped. Structure only: values come validated from the server or
 * from the list's own controls (see the module's note). Output: `{}` for anything that is not an object.
 */
export function panelFromUnknown(raw: unknown): PanelFilter {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  try {
    return cleanFilter(raw as PanelFilter);
  } catch {
    return {};
  }
}

/**
 * Customers per page of the list: 50 rows of the table, 25 cards on a phone (a screen shows about five;
 * the next page loads as the user scrolls, and a phone hydrates half the cards twice as fast).
 */
export function listPageSize(desktop: boolean): number {
  return desktop ? 50 : 25;
}

/**
 * The list query's input for a URL state and page size (`listPageSize`): `{ businessId, filter, sort,
 * limit }`, where `filter` is the panel's filter plus the search box. The page prefetches with it on the server and the list asks with
 * it in the browser, so both land on the same query key.
 */
export function listQueryInput(
  businessId: string,
  state: Pick<ListUrlState, "panel" | "search" | "sort">,
  limit: number,
): { businessId: string; filter: CustomerFilterInput; sort: ListUrlState["sort"]; limit: number } {
  return {
    businessId,
    filter: { ...state.panel, ...(state.search ? { search: state.search } : {}) },
    sort: state.sort,
    limit,
  };
}

/** Where the next page of the list starts (`nextCursor` of the last page; none after the end). */
export const listPageOptions = {
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
};

/**
 * The list state a URL's search parameters describe. Invalid values are ignored one by one (an unknown
 * sort falls back to the default, malformed filter JSON to no filter, an unknown direction to the
 * column's default direction).
 */
export function parseListParams(params: Pick<URLSearchParams, "get">): ListUrlState {
  const q = (params.get("q") ?? "").trim();
  const search = q.length <= SEARCH_MAX ? q : "";

  let panel: PanelFilter = {};
  const rawFilter = params.get("filter");
  if (rawFilter) {
    try {
      panel = panelFromUnknown(JSON.parse(rawFilter));
    } catch {
      panel = {};
    }
  }

  let sort = DEFAULT_SORT;
  const field = customerSortFields.find((f) => f === params.get("sort"));
  if (field) {
    const dir = params.get("dir");
    sort = { field, direction: dir === "asc" || dir === "desc" ? dir : defaultDirection(field) };
  }

  // `?segment=<id>` (a segment's "View customers" link) is the filter `{ segmentId }`.
  const segment = params.get("segment");
  if (isUuid(segment) && !panel.segmentId) panel = { ...panel, segmentId: segment };

  const view = params.get("view");
  const trashParam = params.get("trash");
  return {
    search,
    panel,
    sort,
    viewId: isUuid(view) ? view : null,
    trash: trashParam === "1" || trashParam === "true",
  };
}

/**
 * The search parameters for a list state, defaults left out, in a stable order (`q`, `filter`, `sort`,
 * `dir`, `view`, `trash`). `other` keeps parameters the list does not own.
 */
export function listSearchParams(state: ListUrlState, other?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  const search = state.search.trim();
  if (search) out.set("q", search);
  const panel = cleanFilter(state.panel);
  if (Object.keys(panel).length) out.set("filter", JSON.stringify(panel));
  if (state.sort.field !== DEFAULT_SORT.field || state.sort.direction !== DEFAULT_SORT.direction) {
    out.set("sort", state.sort.field);
    out.set("dir", state.sort.direction);
  }
  if (state.viewId) out.set("view", state.viewId);
  if (state.trash) out.set("trash", "1");
  for (const [k, v] of other ?? []) {
    if (!(listParamNames as readonly string[]).includes(k)) out.append(k, v);
  }
  return out;
}

/** Whether the URL names a saved view and nothing else of the list (then the view's own state applies). */
export function isBareViewLink(params: Pick<URLSearchParams, "get" | "has">): boolean {
  return (
    isUuid(params.get("view")) &&
    !params.has("q") &&
    !params.has("filter") &&
    !params.has("sort") &&
    !params.has("dir")
  );
}

/** One active condition of the list, as a removable chip. */
export interface FilterChip {
  id: string;
  /** What the chip says, e.g. "Tag: vip or gold", "Stage: Lead", "Has email". */
  label: string;
  /** The panel filter without this condition. */
  without: PanelFilter;
}

/** Names the chips need: stage labels, member names, custom field labels. */
export interface ChipNames {
  stage: (stage: string) => string;
  member: (userId: string) => string;
  customField: (key: string) => string;
  /** A segment's name by id (the chip of `segmentId`). */
  segment?: (segmentId: string) => string;
}

const dateOnly = (v: string | undefined) => (v ? v.slice(0, 10) : "…");

/**
 * The panel's conditions as removable chips, in the panel's order, each with the filter that removing it
 * leaves. Pure. Example: `{ tags: { any: ["vip"] }, hasEmail: true }` → "Tag: vip", "Has email".
 */
export function filterChips(f: PanelFilter, names: ChipNames): FilterChip[] {
  const chips: FilterChip[] = [];
  const drop = (patch: Partial<PanelFilter>) => cleanFilter({ ...f, ...patch });
  if (f.segmentId)
    chips.push({
      id: "segmentId",
      label: `Segment: ${names.segment?.(f.segmentId) ?? "…"}`,
      without: drop({ segmentId: undefined }),
    });
  const tagGroups = [
    ["any", "Tag", " or "],
    ["all", "Tags", " and "],
    ["none", "Without tag", " or "],
  ] as const;
  for (const [key, label, joiner] of tagGroups) {
    const list = f.tags?.[key];
    if (list?.length)
      chips.push({
        id: `tags.${key}`,
        label: `${label}: ${list.join(joiner)}`,
        without: drop({ tags: { ...f.tags, [key]: undefined } }),
      });
  }
  if (f.sources?.length)
    chips.push({
      id: "sources",
      label: `Source: ${f.sources.join(" or ")}`,
      without: drop({ sources: undefined }),
    });
  if (f.lifecycleStages?.length)
    chips.push({
      id: "lifecycleStages",
      label: `Stage: ${f.lifecycleStages.map(names.stage).join(" or ")}`,
      without: drop({ lifecycleStages: undefined }),
    });
  if (f.ownerIds?.length || f.unassigned)
    chips.push({
      id: "owner",
      label: `Owner: ${[...(f.ownerIds ?? []).map(names.member), ...(f.unassigned ? ["Unassigned"] : [])].join(" or ")}`,
      without: drop({ ownerIds: undefined, unassigned: undefined }),
    });
  const has = [
    ["hasEmail", "email"],
    ["hasPhone", "phone"],
    ["hasWhatsapp", "WhatsApp"],
  ] as const;
  for (const [key, what] of has)
    if (f[key] !== undefined)
      chips.push({
        id: key,
        label: f[key] ? `Has ${what}` : `No ${what}`,
        without: drop({ [key]: undefined }),
      });
  if (f.needsReview !== undefined)
    chips.push({
      id: "needsReview",
      label: f.needsReview ? "Needs review" : "Nothing to review",
      without: drop({ needsReview: undefined }),
    });
  for (const ch of consentChannels) {
    const state = f.consent?.[ch];
    if (state)
      chips.push({
        id: `consent.${ch}`,
        label: `${ch === "sms" ? "SMS" : ch === "whatsapp" ? "WhatsApp" : "Email"} consent: ${state}`,
        without: drop({ consent: { ...f.consent, [ch]: undefined } }),
      });
  }
  for (const key of ["birthday", "anniversary"] as const) {
    const w = f[key];
    if (w)
      chips.push({
        id: key,
        label: `${key === "birthday" ? "Birthday" : "Anniversary"} ${
          w.within === "this_month" ? "this month" : `in the next ${w.days ?? 7} days`
        }`,
        without: drop({ [key]: undefined }),
      });
  }
  for (const key of ["created", "lastActivity"] as const) {
    const r = f[key];
    if (r?.from || r?.to)
      chips.push({
        id: key,
        label: `${key === "created" ? "Added" : "Last activity"}: ${dateOnly(r.from)} – ${dateOnly(r.to)}`,
        without: drop({ [key]: undefined }),
      });
  }
  (f.customFields ?? []).forEach((c, i) => {
    const value = "value" in c ? String(c.value) : "values" in c ? (c.values as unknown[]).join(" or ") : "";
    const op = c.op === "contains" ? "contains" : c.op === "equals" ? "is" : c.op.replace(/_/g, " ");
    chips.push({
      id: `customFields.${i}`,
      label: `${names.customField(c.key)} ${op}${value ? ` ${value}` : ""}`,
      without: drop({ customFields: f.customFields?.filter((_, j) => j !== i) }),
    });
  });
  return chips;
}
