import { MessageCircleIcon } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";
import { serverApi } from "@/server/api/server";
import { formatDateTime } from "@/server/domain/format";
import { whatsappInboxInput, windowRemainingText } from "@/server/domain/whatsapp-messages";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "WhatsApp inbox" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

type Show = "all" | "unread" | "awaiting" | "mine";

/** What an empty tab says. */
const emptyText: Record<Show, { title: string; description: string }> = {
  all: {
    title: "No WhatsApp messages yet",
    description: "When a customer writes to your WhatsApp number, they show here and on their timeline.",
  },
  unread: {
    title: "All read",
    description: "You have opened every conversation since the customer last wrote.",
  },
  awaiting: { title: "No one is waiting for a reply", description: "Everyone who wrote has had an answer." },
  mine: {
    title: "No conversations assigned to you",
    description: "A conversation is yours when you own the customer: set the owner on the customer's page.",
  },
};

/**
 * The WhatsApp inbox: everyone who has written to the business on WhatsApp, the latest first, with
 * what they said, whether this member has read it (opening the customer's page reads it), whether the
 * business has answered since, who it is assigned to (the customer's owner) and how long free-form
 * replies are still allowed (24 hours after their last message). Tabs: All, Unread, Awaiting reply, Mine.
 * Each opens the customer's page, where the reply is written. Rendered on the server (no script of its
 * own); `?show=unread|awaiting|mine`, `?after=<cursor>` for the next page.
 */
export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: SearchParams;
}) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.read");
  const query = await searchParams;
  // A hand-edited address with a bad cursor or filter shows the first page of everyone.
  const parsed = whatsappInboxInput.safeParse({ show: one(query.show), cursor: one(query.after) });
  const input = parsed.success ? parsed.data : whatsappInboxInput.parse({});
  const api = await serverApi();
  const inbox = await api.messages.whatsAppInbox({ businessId: business.id, ...input });
  const base = `/b/${business.slug}`;
  const now = Date.now();
  const tab = (show: Show, label: string) => {
    const active = input.show === show;
    return (
      <Link
        href={show === "all" ? `${base}/inbox` : `${base}/inbox?show=${show}`}
        aria-current={active ? "page" : undefined}
        className={cn(
          "inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring",
          active ? "bg-muted text-foreground" : "text-muted-foreground hover:text-foreground",
        )}
      >
        {label}
      </Link>
    );
  };

  return (
    <div className="grid min-w-0 gap-4">
      <PageHeader
        title="WhatsApp inbox"
        description="Customers who wrote to you on WhatsApp, the latest first. Open one to reply."
        className="mb-0"
      />
      <nav aria-label="Show" className="flex flex-wrap gap-1">
        {tab("all", "All")}
        {tab("unread", "Unread")}
        {tab("awaiting", "Awaiting reply")}
        {tab("mine", "Mine")}
      </nav>
      {inbox.data.length === 0 ? (
        <EmptyState
          icon={<MessageCircleIcon />}
          title={emptyText[input.show].title}
          description={emptyText[input.show].description}
        />
      ) : (
        <ul className="grid min-w-0 gap-2">
          {inbox.data.map((c) => {
            const left = c.windowClosesAt.getTime() - now;
            return (
              <li key={c.customerId} className="min-w-0 rounded-lg border bg-card">
                <Link
                  href={`${base}/customers/${c.customerId}`}
                  className="grid min-w-0 gap-1 rounded-lg p-3 outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <span className="flex min-w-0 items-center justify-between gap-2">
                    <span
                      className={cn(
                        "flex min-w-0 items-center gap-2",
                        c.unread ? "font-semibold" : "font-medium",
                      )}
                    >
                      {c.unread ? (
                        <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-primary" />
                      ) : null}
                      <span className="truncate">{c.name}</span>
                    </span>
                    <time
                      dateTime={c.lastInboundAt.toISOString()}
                      className="shrink-0 text-xs text-muted-foreground"
                    >
                      {formatDateTime(c.lastInboundAt, business.timeZone)}
                    </time>
                  </span>
                  <span className="line-clamp-2 text-sm text-muted-foreground">
                    {c.lastInboundText ?? "(a message without text)"}
                  </span>
                  <span className="flex flex-wrap items-center gap-2 text-xs">
                    {c.unread ? <Badge variant="outline">Unread</Badge> : null}
                    {c.awaitingReply ? (
                      <Badge>Awaiting reply</Badge>
                    ) : (
                      <Badge variant="secondary">Replied</Badge>
                    )}
                    <span className="text-muted-foreground">
                      {c.ownerId ? `Assigned to ${c.ownerName ?? "a former member"}` : "Unassigned"}
                    </span>
                    <span className="text-muted-foreground">
                      {c.windowOpen
                        ? `Free-form reply for ${windowRemainingText(left)}`
                        : "Window closed: reply with a template"}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {inbox.nextCursor ? (
        <Link
          href={`${base}/inbox?${new URLSearchParams({
            ...(input.show === "all" ? {} : { show: input.show }),
            after: inbox.nextCursor,
          }).toString()}`}
          className="justify-self-center rounded-md px-3 py-2 text-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          Older conversations
        </Link>
      ) : null}
    </div>
  );
}
