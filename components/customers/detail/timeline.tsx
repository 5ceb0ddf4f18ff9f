"use client";

/*
 * Why one file (~500 lines): the timeline's query, its type filters and the rendering of each entry kind
 * share one list state and one set of labels; entry details that stand alone live beside it.
 */

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  BanknoteIcon,
  CheckCircle2Icon,
  ClipboardListIcon,
  FileUpIcon,
  GitMergeIcon,
  HistoryIcon,
  InboxIcon,
  MailIcon,
  MessageSquareTextIcon,
  PencilIcon,
  ReceiptTextIcon,
  RotateCcwIcon,
  SendIcon,
  ShieldCheckIcon,
  ShoppingBagIcon,
  StickyNoteIcon,
  TagIcon,
  Trash2Icon,
  Undo2Icon,
  UserPlusIcon,
} from "lucide-react";
import { type ReactNode, useMemo, useState } from "react";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";
import { formatMoney } from "@/server/domain/money";
import { channelNames, consentChangeText, consentSourceText } from "./consent-words";
import { type DescribeContext, fieldLabel, valueText } from "./format";
import { nextPageOptions, timelineInput } from "./queries";

type ActivityType =
  | "created"
  | "field_changed"
  | "tags_added"
  | "tags_removed"
  | "note_added"
  | "task_created"
  | "task_completed"
  | "task_reopened"
  | "imported"
  | "merged"
  | "deleted"
  | "restored"
  | "message_sent"
  | "message_received"
  | "consent_changed"
  | "form_submitted"
  | "invoice_issued"
  | "payment_received"
  | "invoice_sent"
  | "purchase_recorded";

/** The timeline's filter chips and the activity types each one shows. */
const filters: { key: string; label: string; types?: ActivityType[] }[] = [
  { key: "all", label: "All" },
  { key: "notes", label: "Notes", types: ["note_added"] },
  { key: "tasks", label: "Tasks", types: ["task_created", "task_completed", "task_reopened"] },
  { key: "fields", label: "Field changes", types: ["field_changed"] },
  { key: "tags", label: "Tags", types: ["tags_added", "tags_removed"] },
  { key: "imports", label: "Imports", types: ["imported"] },
  { key: "merges", label: "Merges", types: ["merged"] },
  { key: "messages", label: "Messages", types: ["message_sent", "message_received", "consent_changed"] },
  { key: "forms", label: "Forms", types: ["form_submitted"] },
  {
    key: "billing",
    label: "Billing",
    types: ["invoice_issued", "invoice_sent", "payment_received", "purchase_recorded"],
  },
];

const icons: Record<ActivityType, typeof HistoryIcon> = {
  created: UserPlusIcon,
  field_changed: PencilIcon,
  tags_added: TagIcon,
  tags_removed: TagIcon,
  note_added: StickyNoteIcon,
  task_created: ClipboardListIcon,
  task_completed: CheckCircle2Icon,
  task_reopened: Undo2Icon,
  imported: FileUpIcon,
  merged: GitMergeIcon,
  deleted: Trash2Icon,
  restored: RotateCcwIcon,
  message_sent: SendIcon,
  message_received: MessageSquareTextIcon,
  consent_changed: ShieldCheckIcon,
  form_submitted: InboxIcon,
  invoice_issued: ReceiptTextIcon,
  payment_received: BanknoteIcon,
  invoice_sent: MailIcon,
  purchase_recorded: ShoppingBagIcon,
};

interface Entry {
  id: string;
  type: ActivityType;
  data: Record<string, unknown>;
  actorName: string | null;
  createdAt: Date;
}

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * One timeline entry in words: "Phone changed from 098765 43210 to 091234 56789", "Tags added: vip",
 * "Task completed: Call back"… plus optional detail (a note's excerpt). Pure apart from `ctx`.
 */
export function describeEntry(entry: Entry, ctx: DescribeContext): { text: ReactNode; detail?: string } {
  const d = entry.data ?? {};
  switch (entry.type) {
    case "created":
      return { text: "Customer created" };
    case "field_changed": {
      const field = str(d.field) ?? "field";
      const label = fieldLabel(field, ctx);
      const from = d.from ?? null;
      const to = d.to ?? null;
      const fromText = valueText(field, from, ctx);
      const toText = valueText(field, to, ctx);
      if (from === null || from === "") {
        return {
          text: (
            <>
              {label} set to <strong className="font-medium">{toText}</strong>
            </>
          ),
        };
      }
      if (to === null || to === "") {
        return {
          text: (
            <>
              {label} cleared (was <strong className="font-medium">{fromText}</strong>)
            </>
          ),
        };
      }
      return {
        text: (
          <>
            {label} changed from <strong className="font-medium">{fromText}</strong> to{" "}
            <strong className="font-medium">{toText}</strong>
          </>
        ),
      };
    }
    case "tags_added":
    case "tags_removed": {
      const tags = strings(d.tags);
      const verb = entry.type === "tags_added" ? "added" : "removed";
      return {
        text: (
          <>
            {plural(tags.length, "Tag", "Tags")} {verb}:{" "}
            <strong className="font-medium">{tags.join(", ")}</strong>
          </>
        ),
      };
    }
    case "note_added":
      return { text: "Note added", detail: str(d.excerpt) ?? undefined };
    case "task_created": {
      const due = str(d.dueAt);
      return {
        text: (
          <>
            Task created: <strong className="font-medium">{str(d.title) ?? "a task"}</strong>
          </>
        ),
        detail: due ? `Due ${ctx.dates.dateTime(due)}` : undefined,
      };
    }
    case "task_completed":
      return {
        text: (
          <>
            Task completed: <strong className="font-medium">{str(d.title) ?? "a task"}</strong>
          </>
        ),
      };
    case "task_reopened":
      return {
        text: (
          <>
            Task reopened: <strong className="font-medium">{str(d.title) ?? "a task"}</strong>
          </>
        ),
      };
    case "imported": {
      const file = str(d.fileName);
      return { text: file ? `Imported from ${file}` : "Imported" };
    }
    case "merged": {
      const merged = Array.isArray(d.merged)
        ? (d.merged as { name?: unknown }[]).map((m) => (typeof m?.name === "string" ? m.name : "a customer"))
        : [];
      return {
        text: merged.length ? (
          <>
            Merged with <strong className="font-medium">{merged.join(", ")}</strong>
          </>
        ) : (
          "Merged with a duplicate"
        ),
      };
    }
    case "deleted":
      return { text: "Moved to the Trash" };
    case "restored":
      return { text: "Restored from the Trash" };
    case "message_sent": {
      const channel = channelNames[str(d.channel) ?? ""] ?? "Message";
      const noun = channel === "Email" ? "Email" : `${channel} message`;
      const campaign = str(d.campaignName);
      const template = str(d.templateName);
      const status = str(d.status);
      const failed = status === "failed";
      const details = [
        str(d.subject),
        str(d.text),
        status && !failed ? `Status: ${status.replace(/_/g, " ")}` : null,
        failed ? `Not delivered: ${str(d.error) ?? "WhatsApp refused the message."}` : null,
      ].filter(Boolean);
      const verb = failed ? "failed" : "sent";
      return {
        text: campaign ? (
          <>
            {noun} {verb} from the campaign <strong className="font-medium">{campaign}</strong>
          </>
        ) : d.campaignId ? (
          `${noun} ${verb} from a campaign`
        ) : template ? (
          <>
            {channel} template <strong className="font-medium">{template}</strong> {verb}
          </>
        ) : (
          `${noun} ${verb}`
        ),
        detail: details.length ? details.join(" · ") : undefined,
      };
    }
    case "message_received": {
      const channel = channelNames[str(d.channel) ?? ""] ?? "A";
      return { text: `${channel} message received`, detail: str(d.text) ?? undefined };
    }
    case "consent_changed": {
      const how = consentSourceText(d.source);
      const campaign = str(d.campaignName);
      return {
        text: (
          <>
            <strong className="font-medium">{consentChangeText(d.channel, d.granted === true)}</strong>
            {how ? ` ${how}` : null}
          </>
        ),
        detail: campaign ? `From the campaign “${campaign}”` : d.campaignId ? "From a campaign" : undefined,
      };
    }
    case "form_submitted": {
      const answers = Array.isArray(d.answers)
        ? (d.answers as { label?: unknown; value?: unknown }[]).flatMap((a) =>
            typeof a?.label === "string" && typeof a.value === "string" ? [`${a.label}: ${a.value}`] : [],
          )
        : [];
      const source = str(d.source);
      return {
        text: (
          <>
            Filled in the form <strong className="font-medium">{str(d.formName) ?? "a form"}</strong>
          </>
        ),
        detail: [...answers, source ? `Source: ${source}` : null].filter(Boolean).join(" · ") || undefined,
      };
    }
    case "invoice_issued": {
      const kind =
        { invoice: "Invoice", quote: "Quote", credit_note: "Credit note" }[str(d.kind) ?? "invoice"] ??
        "Invoice";
      const amount =
        typeof d.total === "number" && str(d.currency) ? formatMoney(d.total, str(d.currency)!) : null;
      return {
        text: (
          <>
            {kind} <strong className="font-medium">{str(d.number) ?? ""}</strong> issued
            {amount ? ` for ${amount}` : null}
          </>
        ),
      };
    }
    case "invoice_sent": {
      const what = d.purpose === "reminder" ? "Payment reminder for" : "Emailed";
      return {
        text: (
          <>
            {what} <strong className="font-medium">{str(d.number) ?? "an invoice"}</strong>
            {str(d.to) ? ` to ${str(d.to)}` : null}
          </>
        ),
        detail: d.automatic ? "Sent automatically" : undefined,
      };
    }
    case "purchase_recorded": {
      const amount =
        typeof d.amount === "number" && str(d.currency) ? formatMoney(d.amount, str(d.currency)!) : null;
      return {
        text: (
          <>
            Bought <strong className="font-medium">{amount ?? "an order"}</strong>
            {str(d.orderId) ? ` (order ${str(d.orderId)})` : null}
          </>
        ),
        detail: "Imported",
      };
    }
    case "payment_received": {
      const amount =
        typeof d.amount === "number" && str(d.currency)
          ? formatMoney(d.amount, str(d.currency)!)
          : "A payment";
      const method = str(d.method)?.replace(/_/g, " ");
      return {
        text: (
          <>
            <strong className="font-medium">{amount}</strong> received
            {str(d.number) ? ` for ${str(d.number)}` : null}
          </>
        ),
        detail: method ? `By ${method}` : undefined,
      };
    }
    default:
      return { text: String(entry.type).replace(/_/g, " ") };
  }
}

function TimelineSkeleton() {
  return (
    <div aria-hidden="true" className="grid gap-4">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="flex gap-3">
          <Skeleton className="size-7 shrink-0 rounded-full" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-64 max-w-full" />
            <Skeleton className="h-3 w-32" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** The customer's timeline, newest first, with filter chips by type and "Load more". */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canSeeMembers = useCan("members.read");
  const [filter, setFilter] = useState("all");
  const types = filters.find((f) => f.key === filter)?.types;

  const timeline = useInfiniteQuery(
    trpc.customers.timeline.infiniteQueryOptions(
      timelineInput(business.id, customerId, types),
      nextPageOptions,
    ),
  );
  const customFields = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const members = useQuery({
    ...trpc.members.list.queryOptions({ businessId: business.id }),
    enabled: canSeeMembers,
  });

  const formatPhone = useFormatPhone();
  const dates = useFormatDate();
  const ctx: DescribeContext = useMemo(
    () => ({
      dates,
      formatPhone,
      customFieldLabels: new Map((customFields.data ?? []).map((f) => [f.key, f.label])),
      memberNames: new Map((members.data?.data ?? []).map((m) => [m.userId, m.name || m.email])),
    }),
    [dates, formatPhone, customFields.data, members.data],
  );

  const items = (timeline.data?.pages.flatMap((p) => p.data) ?? []) as Entry[];

  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <HistoryIcon className="size-4" aria-hidden="true" />
          Timeline
        </CardTitle>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        <fieldset className="flex min-w-0 flex-wrap gap-2">
          <legend className="sr-only">Show</legend>
          {filters.map((f) => (
            <Button
              key={f.key}
              type="button"
              size="sm"
              variant={filter === f.key ? "default" : "outline"}
              aria-pressed={filter === f.key}
              className="rounded-full"
              onClick={() => setFilter(f.key)}
            >
              {f.label}
            </Button>
          ))}
        </fieldset>
        <div aria-busy={timeline.isPending || undefined} aria-live="polite">
          {timeline.isPending ? (
            <TimelineSkeleton />
          ) : timeline.isError ? (
            <QueryError
              error={timeline.error}
              title="Could not load the timeline"
              onRetry={() => timeline.refetch()}
            />
          ) : items.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {filter === "all" ? "Nothing has happened yet." : "Nothing of this kind yet."}
            </p>
          ) : (
            <ol className="relative grid min-w-0 gap-4">
              {items.map((entry, i) => {
                const Icon = icons[entry.type] ?? HistoryIcon;
                const { text, detail } = describeEntry(entry, ctx);
                return (
                  <li key={entry.id} className="relative flex min-w-0 gap-3">
                    {i < items.length - 1 ? (
                      <span
                        aria-hidden="true"
                        className="absolute top-8 bottom-[-1rem] left-3.5 w-px bg-border"
                      />
                    ) : null}
                    <span
                      aria-hidden="true"
                      className={cn(
                        "relative flex size-7 shrink-0 items-center justify-center rounded-full border bg-background text-muted-foreground",
                        entry.type === "task_completed" && "text-success",
                        entry.type === "deleted" && "text-destructive",
                        entry.type === "consent_changed" &&
                          (entry.data?.granted === true ? "text-success" : "text-destructive"),
                      )}
                    >
                      <Icon className="size-3.5" />
                    </span>
                    <div className="grid min-w-0 flex-1 gap-0.5 pt-1">
                      <p className="text-sm break-words">{text}</p>
                      {detail ? (
                        <p className="line-clamp-3 text-sm break-words text-muted-foreground">{detail}</p>
                      ) : null}
                      <p className="text-xs text-muted-foreground">
                        <time dateTime={new Date(entry.createdAt).toISOString()}>
                          {dates.dateTime(entry.createdAt)}
                        </time>
                        {entry.actorName ? ` · ${entry.actorName}` : null}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
        {timeline.hasNextPage ? (
          <Button
            variant="outline"
            className="justify-self-start"
            loading={timeline.isFetchingNextPage}
            onClick={() => timeline.fetchNextPage()}
          >
            Load more
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
