"use client";

import { useQuery } from "@tanstack/react-query";
import { FileSpreadsheetIcon } from "lucide-react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";
import { formatCount, formatDateTime } from "@/server/domain/format";
import { isUnstartedImport } from "@/server/domain/imports";
import { importBadge, isImportLive } from "./fields";
import { UnstartedImportActions } from "./unstarted-import-actions";

/** The business's recent imports, newest first, each linking to its page. */
export function ImportHistory({ currentId }: { currentId?: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.imports.list.queryOptions(
      { businessId: business.id, limit: 20 },
      {
        // While an import runs, and on the page of one not started (its run may be about to begin).
        refetchInterval: (q) =>
          q.state.data?.data.some((i) => isImportLive(i) || (i.id === currentId && isUnstartedImport(i)))
            ? 3000
            : false,
      },
    ),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Recent imports</CardTitle>
        <CardDescription>
          Open an import to see its summary, download its errors or undo it. An upload you did not start waits
          here: continue it or delete it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : query.isError ? (
          <QueryError
            error={query.error}
            title="Could not load the imports"
            onRetry={() => query.refetch()}
          />
        ) : query.data.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No imports yet.</p>
        ) : (
          <ul className="grid gap-1">
            {query.data.data.map((item) => {
              const badge = importBadge(item);
              const unstarted = isUnstartedImport(item);
              return (
                <li
                  key={item.id}
                  className={cn(
                    "grid min-w-0 gap-2 rounded-md",
                    unstarted && item.id !== currentId && "pb-2",
                    item.id === currentId && "bg-accent",
                  )}
                >
                  <Link
                    href={`/b/${business.slug}/customers/import/${item.id}`}
                    aria-current={item.id === currentId ? "page" : undefined}
                    className="flex min-w-0 items-start gap-3 rounded-md px-2 py-2 hover:bg-accent"
                  >
                    <FileSpreadsheetIcon
                      className="mt-0.5 size-4 shrink-0 text-muted-foreground"
                      aria-hidden="true"
                    />
                    <div className="grid min-w-0 flex-1 gap-0.5">
                      <span className="truncate text-sm font-medium">{item.fileName}</span>
                      <span className="text-xs text-muted-foreground">
                        {unstarted ? "Uploaded " : ""}
                        {formatDateTime(item.createdAt, business.timeZone)} ·{" "}
                        {unstarted ? (
                          "not imported yet"
                        ) : (
                          <>
                            {formatCount(item.created)} created · {formatCount(item.updated)} updated ·{" "}
                            {formatCount(item.failed)} failed
                            {item.warnings > 0 ? ` · ${formatCount(item.warnings)} warnings` : ""}
                          </>
                        )}
                      </span>
                    </div>
                    <Badge variant={badge.variant}>{badge.label}</Badge>
                  </Link>
                  {/* The page of an import not started has these actions in its own card. */}
                  {unstarted && item.id !== currentId ? (
                    <div className="pl-9">
                      <UnstartedImportActions item={item} size="sm" />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
