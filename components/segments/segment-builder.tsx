"use client";

/*
 * Why one file (~420 lines because): the segment form's name, rules, live preview, save and error routing
 * share one state (errors come back by rule path and move focus to their row); the builder's pieces that
 * need none of it live beside it (builder-state, builder-actions, rule-group, rule-condition, preview).
 */

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { currencyDigits } from "@/components/customers/form/custom-values";
import { useDebounced } from "@/components/customers/list/list-url";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useFocusAfterUpdate } from "@/components/layout/use-focus-after-update";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { formatCount } from "@/server/domain/format";
import { SEGMENT_LIMITS, type SegmentOutput } from "@/server/domain/segments";
import { applyBuilderAction, type BuilderAction, countNodes, findNode, parentOf } from "./builder-actions";
import {
  type BuilderState,
  builderStateFromRules,
  emptyBuilderState,
  fieldLookup,
  type NodeDraft,
  type RowError,
  rowErrorsFrom,
  rulesFromDraft,
} from "./builder-state";
import { RuleBuilderContext, type RuleBuilderContextValue } from "./rule-builder-context";
import { conditionFocusId } from "./rule-condition";
import { type RuleCustomField, type RuleField, type RuleMember, ruleFields } from "./rule-fields";
import { groupFocusId, RuleGroup } from "./rule-group";
import { type PreviewResult, SegmentPreview } from "./segment-preview";

/**
 * The segment editor at `/segments/new` (no `segmentId`) and `/segments/<id>`: waits for the segment and
 * the business's custom fields (the page prefetches both, so this is instant after a server render),
 * then shows the form. Members load alongside; until they do, the owner picker is empty.
 */
export function SegmentBuilder({
  segmentId,
  fromFilter,
}: {
  segmentId?: string;
  /** A new segment started from the customers list: the rules of its filter and what they leave out. */
  fromFilter?: FromFilter;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const businessId = business.id;
  const segment = useQuery({
    ...trpc.segments.get.queryOptions({ businessId, segmentId: segmentId ?? "" }),
    enabled: Boolean(segmentId),
  });
  const customFields = useQuery(trpc.customFields.list.queryOptions({ businessId }));
  const members = useQuery(trpc.members.list.queryOptions({ businessId }));
  const fields = useMemo(
    () => ruleFields((customFields.data ?? []) as RuleCustomField[], currencyDigits(business.currency)),
    [customFields.data, business.currency],
  );

  if ((segmentId && segment.isPending) || customFields.isPending) {
    return <SettingsCardSkeleton rows={4} variant="form" label="Loading the segment" />;
  }
  if (segmentId && segment.isError) {
    return (
      <QueryError
        error={segment.error}
        title="The segment could not load"
        onRetry={() => segment.refetch()}
      />
    );
  }
  if (customFields.isError) {
    return (
      <QueryError
        error={customFields.error}
        title="The fields could not load"
        onRetry={() => customFields.refetch()}
      />
    );
  }
  return (
    <SegmentForm
      key={segment.data?.id ?? "new"}
      segment={segmentId ? (segment.data as SegmentOutput) : undefined}
      fields={fields}
      members={(members.data?.data ?? []) as RuleMember[]}
      fromFilter={segmentId ? undefined : fromFilter}
    />
  );
}

/** The rules a customers list filter stands for (`segments.rulesFromFilter`). */
export interface FromFilter {
  rules: unknown;
  leftOut: ("search" | "needsReview")[];
}

const nameId = "segment-name";
const descriptionId = "segment-description";

/** The control to focus for a row's error: the part it is about. */
function focusIdFor(node: NodeDraft | undefined, error: RowError): string | undefined {
  if (!node) return undefined;
  if (node.kind === "group") return error.part === "match" ? groupFocusId(node) : `${node.id}-add-condition`;
  if (error.part === "op") return `${node.id}-op`;
  if (error.part === "value" || error.part === "row") return `${node.id}-value`;
  return conditionFocusId(node.id);
}

/** The control that stands for a node when focus moves to it. */
const nodeFocusId = (node: NodeDraft) =>
  node.kind === "group" ? groupFocusId(node) : conditionFocusId(node.id);

/**
 * The form: name, description, the rules (the top group and what it holds), the live count and first 20
 * matching customers (`segments.preview`, 300 ms after the last change, the last result kept while the
 * next one counts; unfinished rows left out), and Save. Errors come back to where they belong: a taken
 * name at the name, a rule's error at its row (by the path the server names), unfinished rows when saving.
 */
function SegmentForm({
  segment,
  fields,
  members,
  fromFilter,
}: {
  segment: SegmentOutput | undefined;
  fields: readonly RuleField[];
  members: readonly RuleMember[];
  fromFilter?: FromFilter;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const listHref = `/b/${business.slug}/segments`;
  const lookup = useMemo(() => fieldLookup(fields), [fields]);

  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [state, setState] = useState<BuilderState>(() =>
    segment
      ? builderStateFromRules(segment.rules, lookup)
      : fromFilter
        ? builderStateFromRules(fromFilter.rules, lookup)
        : emptyBuilderState(),
  );
  const [nameError, setNameError] = useState<string | null>(null);
  const [descriptionError, setDescriptionError] = useState<string | null>(null);
  const [saveErrors, setSaveErrors] = useState<{ byRow: Record<string, RowError>; other: string[] }>({
    byRow: {},
    other: [],
  });
  const [showUnfinished, setShowUnfinished] = useState(false);
  const setFocusId = useFocusAfterUpdate();
  const savedPaths = useRef<Record<string, string>>({});

  const draft = useMemo(() => rulesFromDraft(state.root, lookup), [state.root, lookup]);
  const sent = useDebounced(draft, 300);
  const preview = useQuery({
    ...trpc.segments.preview.queryOptions({ businessId: business.id, rules: sent.rules, limit: 20 }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const [lastResult, setLastResult] = useState<PreviewResult | null>(null);
  useEffect(() => {
    if (preview.data && !preview.isPlaceholderData) setLastResult(preview.data as PreviewResult);
  }, [preview.data, preview.isPlaceholderData]);
  const result = (preview.data as PreviewResult | undefined) ?? lastResult;
  const waiting = JSON.stringify(sent.rules) !== JSON.stringify(draft.rules);
  const counting = preview.isFetching || waiting;
  const previewErrors = useMemo(
    () => (preview.isError ? rowErrorsFrom(fieldErrorsOf(preview.error), sent.paths) : null),
    [preview.isError, preview.error, sent.paths],
  );

  const errors: Record<string, RowError> = {
    ...(showUnfinished ? draft.incomplete : {}),
    ...previewErrors?.byRow,
    ...saveErrors.byRow,
  };
  const nodes = countNodes(state.root);

  /** Applies a builder change and moves focus to the control the user reaches for next. */
  function act(action: BuilderAction) {
    const { root, nextId } = state;
    if (action.type === "addCondition") setFocusId(conditionFocusId(`n${nextId}`));
    if (action.type === "addGroup") setFocusId(conditionFocusId(`n${nextId + 1}`));
    if (action.type === "remove" || action.type === "move") {
      const parent = parentOf(root, action.nodeId);
      const at = parent?.nodes.findIndex((n) => n.id === action.nodeId) ?? -1;
      if (parent && action.type === "remove") {
        const neighbour = parent.nodes[at - 1] ?? parent.nodes[at + 1];
        setFocusId(neighbour ? nodeFocusId(neighbour) : `${parent.id}-add-condition`);
      }
      if (parent && action.type === "move") {
        const to = at + action.delta;
        const atEdge = to === 0 || to === parent.nodes.length - 1;
        const button = action.delta < 0 ? (atEdge ? "down" : "up") : atEdge ? "up" : "down";
        setFocusId(`${action.nodeId}-${button}`, { now: true });
      }
    }
    setSaveErrors({ byRow: {}, other: [] });
    setState((s) => applyBuilderAction(s, action, lookup));
  }

  const context: RuleBuilderContextValue = {
    fields,
    lookup,
    members,
    errors,
    canAdd: { condition: nodes < SEGMENT_LIMITS.nodes, group: nodes + 2 <= SEGMENT_LIMITS.nodes },
    act,
  };

  const onSuccess = (saved: SegmentOutput) => {
    toast.success(segment ? `“${saved.name}” saved` : `Segment “${saved.name}” created`);
    void queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() });
    router.push(listHref);
  };
  const onError = (e: unknown) => {
    const fe = fieldErrorsOf(e);
    const rows = rowErrorsFrom(fe, savedPaths.current);
    setNameError(fe.name ?? null);
    setDescriptionError(fe.description ?? null);
    setSaveErrors(rows);
    const [firstRow] = Object.entries(rows.byRow);
    const target = fe.name
      ? nameId
      : fe.description
        ? descriptionId
        : firstRow
          ? focusIdFor(findNode(state.root, firstRow[0]), firstRow[1])
          : undefined;
    if (target) setFocusId(target);
    else if (!rows.other.length) toast.error(messageOf(e));
  };
  const create = useMutation(trpc.segments.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.segments.update.mutationOptions({ onSuccess, onError }));

  function save() {
    const trimmed = name.trim();
    setNameError(trimmed ? null : "Name the segment.");
    setDescriptionError(null);
    setSaveErrors({ byRow: {}, other: [] });
    const [unfinished] = Object.entries(draft.incomplete);
    if (unfinished) setShowUnfinished(true);
    const target = !trimmed
      ? nameId
      : unfinished
        ? focusIdFor(findNode(state.root, unfinished[0]), unfinished[1])
        : undefined;
    if (!trimmed || unfinished) {
      if (target) setFocusId(target);
      return;
    }
    savedPaths.current = draft.paths;
    const input = {
      businessId: business.id,
      name: trimmed,
      description: description.trim() || null,
      rules: draft.rules,
    };
    if (segment) update.mutate({ ...input, segmentId: segment.id });
    else create.mutate(input);
  }

  /** Enter in a rule's box does not save the segment (it would, as the form's implicit submission). */
  function keepEnterInRules(e: KeyboardEvent) {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement) e.preventDefault();
  }

  const previewMessage = previewErrors
    ? previewErrors.other.length
      ? previewErrors.other.join(" ")
      : "Fix the marked condition to see who matches."
    : preview.isError
      ? messageOf(preview.error)
      : Object.keys(draft.incomplete).length
        ? "Unfinished conditions are left out of the count."
        : draft.rules.conditions.length
          ? undefined
          : "No conditions yet: every customer matches.";
  const otherErrors = saveErrors.other;

  return (
    <div className="min-w-0">
      <PageHeader
        title={segment ? "Edit segment" : "New segment"}
        description="Pick customers by rules. The count updates as you build them."
      />
      {fromFilter ? (
        <Alert className="mb-4">
          <AlertTitle>Started from the customers list's filters</AlertTitle>
          <AlertDescription>
            {fromFilter.leftOut.length
              ? `A segment holds rules only, so it leaves out ${fromFilter.leftOut
                  .map((part) => (part === "search" ? "the search words" : "“Needs review”"))
                  .join(" and ")}.`
              : "Each filter is a rule below; change them or save as they are."}
          </AlertDescription>
        </Alert>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        className="grid min-w-0 gap-6 xl:grid-cols-[minmax(0,1fr)_20rem] xl:items-start"
      >
        <div className="grid min-w-0 gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Details</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-2">
                <Label htmlFor={nameId}>Name</Label>
                <Input
                  id={nameId}
                  value={name}
                  maxLength={80}
                  placeholder="VIPs in Pune"
                  onChange={(e) => {
                    setName(e.target.value);
                    setNameError(null);
                  }}
                  aria-invalid={!!nameError}
                  aria-describedby={nameError ? `${nameId}-error` : undefined}
                />
                {nameError ? (
                  <p id={`${nameId}-error`} className="text-sm font-medium text-destructive">
                    {nameError}
                  </p>
                ) : null}
              </div>
              <div className="grid gap-2">
                <Label htmlFor={descriptionId}>
                  Description <span className="font-normal text-muted-foreground">(optional)</span>
                </Label>
                <Textarea
                  id={descriptionId}
                  value={description}
                  maxLength={500}
                  rows={2}
                  placeholder="Who these customers are, or what the segment is for"
                  onChange={(e) => {
                    setDescription(e.target.value);
                    setDescriptionError(null);
                  }}
                  aria-invalid={!!descriptionError}
                  aria-describedby={descriptionError ? `${descriptionId}-error` : undefined}
                />
                {descriptionError ? (
                  <p id={`${descriptionId}-error`} className="text-sm font-medium text-destructive">
                    {descriptionError}
                  </p>
                ) : null}
              </div>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle as="h2">Rules</CardTitle>
              <CardDescription>
                Choose a field, how to compare it and a value. Put conditions in a group to mix “all” and
                “any”.
              </CardDescription>
            </CardHeader>
            <CardContent onKeyDown={keepEnterInRules}>
              <RuleBuilderContext value={context}>
                <RuleGroup group={state.root} depth={0} number="" />
              </RuleBuilderContext>
            </CardContent>
          </Card>

          {otherErrors.length ? (
            <Alert variant="destructive">
              <TriangleAlertIcon aria-hidden="true" />
              <AlertTitle>The segment was not saved</AlertTitle>
              <AlertDescription>{otherErrors.join(" ")}</AlertDescription>
            </Alert>
          ) : null}

          <div className="flex flex-wrap items-center justify-end gap-2">
            <p className="mr-auto flex basis-full items-center gap-2 text-sm text-muted-foreground sm:basis-auto xl:hidden">
              {result ? `${formatCount(result.count)} customer${result.count === 1 ? "" : "s"} match` : null}
              {counting ? <Spinner aria-hidden="true" /> : null}
            </p>
            <Button asChild variant="outline">
              <Link href={listHref}>Cancel</Link>
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {segment ? "Save changes" : "Save segment"}
            </Button>
          </div>
        </div>

        <div className="min-w-0 xl:sticky xl:top-4">
          <SegmentPreview result={result} counting={counting} message={previewMessage} />
        </div>
      </form>
    </div>
  );
}
