"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, CopyCheckIcon, MailIcon, MergeIcon, PhoneIcon, UserRoundIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import {
  type CustomFieldDef,
  formatCustomValue,
  lifecycleStageLabels,
} from "@/components/customers/customer-form";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import type { CustomerOutput, MergeableField } from "@/server/domain/customers";
import { formatPhoneForDisplay } from "@/server/domain/phone";

interface DuplicateGroup {
  reason: "phone" | "email" | "name";
  key: string;
  size: number;
  customers: CustomerOutput[];
}

const MAX_MERGED = 10;

/** "Possible duplicates": groups of customers sharing a phone, an email, or a similar name at one company. */
export function DuplicatesList() {
  const business = useBusiness();
  const dates = useFormatDate();
  const trpc = useTRPC();
  const canMerge = useCan("customers.delete");
  const [merging, setMerging] = useState<DuplicateGroup | null>(null);
  const groups = useInfiniteQuery(
    trpc.customers.duplicates.infiniteQueryOptions(
      { businessId: business.id, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const customFields = (fieldsQuery.data ?? []) as CustomFieldDef[];
  const list = (groups.data?.pages.flatMap((p) => p.groups) ?? []) as DuplicateGroup[];

  const reasonText = (g: DuplicateGroup) =>
    g.reason === "phone"
      ? `Same phone ${formatPhoneForDisplay(g.key, business.country)}`
      : g.reason === "email"
        ? `Same email ${g.key}`
        : `Similar names at ${g.customers[0]?.company ?? "the same company"}`;

  return (
    <div className="grid min-w-0 gap-4">
      <Button variant="ghost" size="sm" asChild className="justify-self-start">
        <Link href={`/b/${business.slug}/customers`}>
          <ArrowLeftIcon aria-hidden="true" />
          Customers
        </Link>
      </Button>
      <PageHeader
        title="Possible duplicates"
        description="Customers who share a phone number or an email, or have very similar names at the same company. Merge them to keep one record with everyone's history."
        className="mb-0"
      />
      {groups.isPending ? (
        <div aria-busy="true" className="rounded-xl border p-4">
          <span className="sr-only" role="status">
            Looking for duplicates
          </span>
          <ListSkeleton rows={4} />
        </div>
      ) : groups.isError ? (
        <QueryError error={groups.error} title="Duplicates could not load" onRetry={() => groups.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState
          icon={<CopyCheckIcon />}
          title="No duplicates found"
          description="No two customers share a phone number or email, and no names look alike."
        />
      ) : (
        <ul className="grid gap-4">
          {list.map((g) => (
            <li key={`${g.reason}:${g.key}`}>
              <Card className="gap-3 py-4">
                <CardHeader className="flex flex-wrap items-center justify-between gap-2">
                  <CardTitle as="h2" className="flex min-w-0 items-center gap-2 text-base">
                    {g.reason === "phone" ? (
                      <PhoneIcon className="size-4 shrink-0" aria-hidden="true" />
                    ) : g.reason === "email" ? (
                      <MailIcon className="size-4 shrink-0" aria-hidden="true" />
                    ) : (
                      <UserRoundIcon className="size-4 shrink-0" aria-hidden="true" />
                    )}
                    <span className="min-w-0 break-all">{reasonText(g)}</span>
                    <Badge variant="secondary">{g.size}</Badge>
                  </CardTitle>
                  {canMerge ? (
                    <Button size="sm" onClick={() => setMerging(g)} disabled={g.customers.length < 2}>
                      <MergeIcon aria-hidden="true" />
                      Merge…
                    </Button>
                  ) : null}
                </CardHeader>
                <CardContent>
                  <ul className="grid divide-y">
                    {g.customers.map((c) => (
                      <li key={c.id} className="grid min-w-0 gap-0.5 py-2 sm:grid-cols-[1fr_auto] sm:gap-3">
                        <div className="min-w-0">
                          <Link
                            href={`/b/${business.slug}/customers/${c.id}`}
                            className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                          >
                            {c.name}
                          </Link>
                          <p className="truncate text-sm text-muted-foreground">
                            {[formatPhoneForDisplay(c.phone, business.country), c.email, c.company]
                              .filter(Boolean)
                              .join(" · ")}
                          </p>
                        </div>
                        <p className="text-xs text-muted-foreground sm:text-right">
                          Added {dates.date(c.createdAt)}
                        </p>
                      </li>
                    ))}
                  </ul>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {groups.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-center"
          loading={groups.isFetchingNextPage}
          onClick={() => groups.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
      {merging ? (
        <MergeDialog
          key={`${merging.reason}:${merging.key}`}
          group={merging}
          customFields={customFields}
          onClose={() => setMerging(null)}
        />
      ) : null}
    </div>
  );
}

interface FieldChoice {
  field: string;
  label: string;
  textOf: (c: CustomerOutput) => string;
}

function consentText(c: CustomerOutput, ch: "email" | "whatsapp" | "sms"): string {
  const v = c.consent[ch];
  if (v.granted === null) return "";
  return `${v.granted ? "Agreed" : "Declined"}${v.source ? ` (${v.source})` : ""}`;
}

/**
 * Merge a group: pick the customer that stays, which others merge into it, and, for every field where
 * they differ, whose value survives (a radio per field). Tags and custom fields are united; notes, tasks
 * and the timeline move to the survivor (server side).
 */
function MergeDialog({
  group,
  customFields,
  onClose,
}: {
  group: DuplicateGroup;
  customFields: CustomFieldDef[];
  onClose: () => void;
}) {
  const business = useBusiness();
  const dates = useFormatDate();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));
  const memberName = new Map((members.data?.data ?? []).map((m) => [m.userId, m.name?.trim() || m.email]));
  const customers = group.customers;
  // The oldest record usually has the most history: keep it by default.
  const oldest = [...customers].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  const [survivorId, setSurvivorId] = useState(oldest?.id ?? customers[0]?.id ?? "");
  const [included, setIncluded] = useState<Set<string>>(
    () => new Set(customers.slice(0, MAX_MERGED + 1).map((c) => c.id)),
  );
  const [choices, setChoices] = useState<Record<string, string>>({});

  const fields: FieldChoice[] = useMemo(() => {
    const phone = (v: string | null) => formatPhoneForDisplay(v, business.country);
    const std: Array<[MergeableField, string, (c: CustomerOutput) => string]> = [
      ["name", "Name", (c) => c.name],
      ["email", "Email", (c) => c.email ?? ""],
      ["phone", "Phone", (c) => phone(c.phone) + (c.phoneExtension ? ` ext. ${c.phoneExtension}` : "")],
      ["whatsapp", "WhatsApp", (c) => phone(c.whatsapp)],
      ["company", "Company", (c) => c.company ?? ""],
      [
        "address",
        "Address",
        (c) =>
          [c.addressLine1, c.addressLine2, c.city, c.state, c.postalCode, c.country]
            .filter(Boolean)
            .join(", "),
      ],
      ["source", "Source", (c) => c.source ?? ""],
      ["lifecycleStage", "Lifecycle stage", (c) => lifecycleStageLabels[c.lifecycleStage]],
      ["ownerId", "Owner", (c) => (c.ownerId ? (memberName.get(c.ownerId) ?? "Former member") : "")],
      ["dateOfBirth", "Date of birth", (c) => c.dateOfBirth ?? ""],
      ["anniversary", "Anniversary", (c) => c.anniversary ?? ""],
      ["emailConsent", "Email consent", (c) => consentText(c, "email")],
      ["whatsappConsent", "WhatsApp consent", (c) => consentText(c, "whatsapp")],
      ["smsConsent", "SMS consent", (c) => consentText(c, "sms")],
      ["externalId", "External ID", (c) => c.externalId ?? ""],
    ];
    return [
      ...std.map(([field, label, textOf]) => ({ field, label, textOf })),
      ...customFields.map((f) => ({
        field: `customFields.${f.key}`,
        label: f.label,
        textOf: (c: CustomerOutput) => formatCustomValue(f, c.customFields[f.key], business.currency),
      })),
    ];
  }, [customFields, business.country, business.currency, memberName]);

  const inMerge = customers.filter((c) => included.has(c.id) || c.id === survivorId);
  const survivor = inMerge.find((c) => c.id === survivorId);
  // Only fields where the customers in the merge hold different non-empty values need a choice.
  const conflicts = fields.filter((f) => new Set(inMerge.map(f.textOf).filter(Boolean)).size > 1);
  const chosen = (f: FieldChoice) => {
    const pick = choices[f.field];
    if (pick && inMerge.some((c) => c.id === pick)) return pick;
    if (survivor && f.textOf(survivor)) return survivor.id;
    return inMerge.find((c) => f.textOf(c))?.id ?? survivorId;
  };
  const mergedIds = inMerge.filter((c) => c.id !== survivorId).map((c) => c.id);

  const merge = useMutation(
    trpc.customers.merge.mutationOptions({
      onSuccess: (c) => {
        toast.success(`Merged into ${c.name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.customers.duplicates.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
        onClose();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Merge customers</DialogTitle>
          <DialogDescription>
            One customer stays; the others are merged into it and removed. Tags and custom fields are
            combined, and notes, tasks and history move to the customer that stays.
          </DialogDescription>
        </DialogHeader>

        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-semibold">Customers in this merge</legend>
          {customers.map((c) => {
            const isSurvivor = c.id === survivorId;
            return (
              <div key={c.id} className="flex min-w-0 items-center gap-3 rounded-md border p-2">
                <Checkbox
                  id={`merge-in-${c.id}`}
                  aria-label={`Include ${c.name}`}
                  checked={isSurvivor || included.has(c.id)}
                  disabled={isSurvivor}
                  onCheckedChange={(v) =>
                    setIncluded((s) => {
                      const next = new Set(s);
                      if (v === true) next.add(c.id);
                      else next.delete(c.id);
                      return next;
                    })
                  }
                />
                <Label
                  htmlFor={`merge-in-${c.id}`}
                  className="grid min-w-0 flex-1 gap-0.5 font-normal peer-disabled:cursor-default peer-disabled:opacity-100"
                >
                  <span className="truncate font-medium">{c.name}</span>
                  <span className="truncate text-xs text-muted-foreground">
                    Added {dates.date(c.createdAt)}
                    {c.email ? ` · ${c.email}` : ""}
                  </span>
                </Label>
                <label className="flex shrink-0 items-center gap-1.5 text-sm">
                  <input
                    type="radio"
                    name="survivor"
                    className="size-4 accent-primary"
                    checked={isSurvivor}
                    onChange={() => {
                      setSurvivorId(c.id);
                      setIncluded((s) => new Set(s).add(c.id));
                    }}
                  />
                  Keep
                </label>
              </div>
            );
          })}
        </fieldset>

        {conflicts.length ? (
          <div className="grid gap-4">
            <p className="text-sm font-semibold">Choose the value to keep</p>
            {conflicts.map((f) => {
              const pick = chosen(f);
              return (
                <fieldset key={f.field} className="grid gap-1.5">
                  <legend className="mb-1 text-sm font-medium">{f.label}</legend>
                  {inMerge
                    .filter((c) => f.textOf(c))
                    .map((c) => (
                      <label
                        key={c.id}
                        className="flex min-w-0 items-start gap-2 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                      >
                        <input
                          type="radio"
                          name={`field-${f.field}`}
                          className="mt-0.5 size-4 shrink-0 accent-primary"
                          checked={pick === c.id}
                          onChange={() => setChoices((s) => ({ ...s, [f.field]: c.id }))}
                        />
                        <span className="grid min-w-0">
                          <span className="break-words">{f.textOf(c)}</span>
                          <span className="text-xs text-muted-foreground">from {c.name}</span>
                        </span>
                      </label>
                    ))}
                </fieldset>
              );
            })}
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">These customers hold no conflicting values.</p>
        )}

        <DialogFooter className="sticky -bottom-6 -mx-6 -mb-6 border-t bg-background px-6 py-4">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={merge.isPending}
            disabled={!mergedIds.length || mergedIds.length > MAX_MERGED}
            onClick={() =>
              merge.mutate({
                businessId: business.id,
                survivorId,
                mergedIds,
                fields: Object.fromEntries(conflicts.map((f) => [f.field, chosen(f)])),
              })
            }
          >
            {mergedIds.length ? `Merge ${mergedIds.length + 1} customers` : "Choose at least two"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
