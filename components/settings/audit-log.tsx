"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  Building2Icon,
  HistoryIcon,
  KeyRoundIcon,
  type LucideIcon,
  MailIcon,
  ShieldIcon,
  UserMinusIcon,
  UserPlusIcon,
} from "lucide-react";
import { useBusiness, useCan, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { type Role, roleLabels, roles } from "@/server/auth/permissions";
import { formatDateTime } from "@/server/domain/format";

interface AuditEvent {
  id: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  targetId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

const fieldLabels: Record<string, string> = {
  name: "name",
  slug: "address",
  category: "category",
  description: "description",
  phone: "phone",
  whatsappNumber: "WhatsApp number",
  country: "country",
  timeZone: "time zone",
  currency: "currency",
};

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

function role(value: unknown): string {
  const r = roles.find((x) => x === value);
  return r ? roleLabels[r as Role] : "a member";
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** An event as a sentence that follows the actor's name, and an icon. */
function describe(
  e: AuditEvent,
  userName: (id: string | null) => string,
): { sentence: string; icon: LucideIcon } {
  const m = e.metadata ?? {};
  switch (e.action) {
    case "business.created":
      return { sentence: "created the business", icon: Building2Icon };
    case "business.updated": {
      const fields = Array.isArray(m.fields)
        ? m.fields.filter((f): f is string => typeof f === "string").map((f) => fieldLabels[f] ?? f)
        : [];
      return {
        sentence: fields.length ? `changed the business ${listOf(fields)}` : "changed the business details",
        icon: Building2Icon,
      };
    }
    case "member.invited":
      return { sentence: `invited ${text(m.email) ?? "someone"} as ${role(m.role)}`, icon: MailIcon };
    case "invitation.revoked":
      return { sentence: `revoked the invitation to ${text(m.email) ?? "someone"}`, icon: MailIcon };
    case "member.joined":
      return { sentence: `joined as ${role(m.role)}`, icon: UserPlusIcon };
    case "member.role_changed":
      return {
        sentence: `changed ${userName(e.targetId)}'s role from ${role(m.from)} to ${role(m.to)}`,
        icon: ShieldIcon,
      };
    case "member.removed":
      return { sentence: `removed ${userName(e.targetId)}`, icon: UserMinusIcon };
    case "member.left":
      return { sentence: "left the business", icon: UserMinusIcon };
    case "api_key.created":
      return { sentence: `created the API key “${text(m.name) ?? "unnamed"}”`, icon: KeyRoundIcon };
    case "api_key.revoked":
      return { sentence: `revoked the API key “${text(m.name) ?? "unnamed"}”`, icon: KeyRoundIcon };
    case "messaging_settings.updated":
      return { sentence: "changed the messaging settings", icon: MailIcon };
    default:
      return { sentence: `did ${e.action.replaceAll(/[._]/g, " ")}`, icon: HistoryIcon };
  }
}

/** The business's audit log, newest first, 50 at a time, with times in the business's time zone. */
export function AuditLog() {
  const business = useBusiness();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const canReadKeys = useCan("apiKeys.read");
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { businessId: business.id, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const members = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));
  const keys = useQuery(
    trpc.apiKeys.list.queryOptions({ businessId: business.id }, { enabled: canReadKeys }),
  );

  const names = new Map((members.data?.data ?? []).map((m) => [m.userId, m.name?.trim() || m.email]));
  const keyNames = new Map((keys.data ?? []).map((k) => [k.id, k.name]));
  const userName = (id: string | null) =>
    !id ? "someone" : id === me.id ? "you" : (names.get(id) ?? "a former member");
  const actorOf = (e: AuditEvent) => {
    if (e.actorUserId)
      return e.actorUserId === me.id ? "You" : (names.get(e.actorUserId) ?? "A former member");
    if (e.actorApiKeyId) return `API key “${keyNames.get(e.actorApiKeyId) ?? "revoked or deleted"}”`;
    return "Mini CRM";
  };

  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Audit log</CardTitle>
        <CardDescription>
          Who changed what in {business.name}. Times are in {business.timeZone.replaceAll("_", " ")}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {events.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading the audit log
            </span>
            <ListSkeleton rows={5} />
          </div>
        ) : events.isError ? (
          <QueryError
            error={events.error}
            title="The audit log could not load"
            onRetry={() => events.refetch()}
          />
        ) : rows.length === 0 ? (
          <EmptyState
            titleAs="h3"
            icon={<HistoryIcon />}
            title="Nothing recorded yet"
            description="Changes to the business, its members and API keys show up here."
          />
        ) : (
          <div className="grid gap-4">
            <ol className="grid divide-y">
              {rows.map((e) => {
                const { sentence, icon: Icon } = describe(e, userName);
                return (
                  <li key={e.id} className="flex min-w-0 items-start gap-3 py-3">
                    <span className="grid size-8 shrink-0 place-items-center rounded-full bg-muted text-muted-foreground">
                      <Icon className="size-4" aria-hidden="true" />
                    </span>
                    <div className="grid min-w-0 gap-0.5">
                      <p className="text-sm break-words">
                        <span className="font-medium">{actorOf(e)}</span> {sentence}
                      </p>
                      <time dateTime={e.createdAt.toISOString()} className="text-xs text-muted-foreground">
                        {formatDateTime(e.createdAt, business.timeZone)}
                      </time>
                    </div>
                  </li>
                );
              })}
            </ol>
            {events.hasNextPage ? (
              <Button
                variant="outline"
                className="justify-self-center"
                loading={events.isFetchingNextPage}
                onClick={() => events.fetchNextPage()}
              >
                Load more
              </Button>
            ) : (
              <p className="text-center text-xs text-muted-foreground">That is everything.</p>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
