"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, DownloadIcon, TriangleAlertIcon, Undo2Icon, UsersIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatCount, formatDateTime } from "@/server/domain/format";
import { IMPORT_START_DEADLINE_DAYS, isUnstartedImport } from "@/server/domain/imports";
import { type ImportItem, importBadge, isImportLive } from "./fields";
import { UnstartedImportActions } from "./unstarted-import-actions";

function Counts({ item }: { item: ImportItem }) {
  const counts: [string, number][] = [
    ["Rows done", item.processedRows],
    ["Created", item.created],
    ["Updated", item.updated],
    ["Skipped", item.skipped],
    ["Failed", item.failed],
    ["Warnings", item.warnings],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {counts.map(([label, value]) => (
        <div key={label} className="rounded-lg border px-3 py-2">
          <dt className="text-xs text-muted-foreground">{label}</dt>
          <dd
            className="text-lg font-semibold tabular-nums"
            data-testid={`import-${label.toLowerCase().replace(" ", "-")}`}
          >
            {formatCount(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function UndoButton({ item }: { item: ImportItem }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undo = useMutation(
    trpc.imports.undo.mutationOptions({
      onSuccess: async (r) => {
        toast.success(
          `Import undone: ${formatCount(r.deleted)} customers removed, ${formatCount(r.restored)} restored.`,
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.imports.get.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.imports.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() }),
        ]);
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" disabled={undo.isPending}>
          <Undo2Icon aria-hidden="true" />
          Undo this import
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Undo this import?</AlertDialogTitle>
          <AlertDialogDescription>
            The {formatCount(item.created)} customers it created are removed, with their notes, tasks and
            timeline, and the {formatCount(item.updated)} customers it changed get their previous values back.
            This cannot be reversed.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep the import</AlertDialogCancel>
          <AlertDialogAction
            onClick={() => undo.mutate({ businessId: business.id, importId: item.id })}
            className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
          >
            Undo import
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** An upload nobody started: what happened, and Continue or Delete. */
function UnstartedImport({ item, onDeleted }: { item: ImportItem; onDeleted: () => void }) {
  const business = useBusiness();
  const badge = importBadge(item);
  return (
    <Card>
      <CardHeader>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <CardTitle as="h2" className="min-w-0 break-words">
            Not started
          </CardTitle>
          <Badge variant={badge.variant}>{badge.label}</Badge>
        </div>
        <CardDescription className="break-words">
          <span className="break-all">{item.fileName}</span> · uploaded{" "}
          {formatDateTime(item.createdAt, business.timeZone)}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <p className="text-sm text-muted-foreground">
          This file was uploaded, but the import was never started, so no customer has been added or changed.
          Continue to check the columns and start it, or delete the upload. An upload not started within{" "}
          {IMPORT_START_DEADLINE_DAYS} days is closed and its file deleted.
        </p>
        <UnstartedImportActions item={item} onDeleted={onDeleted} />
      </CardContent>
    </Card>
  );
}

/** One import: a live progress bar while it runs (polls every second), then its summary. */
export function ImportRun({ importId }: { importId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  // Set once the upload is deleted from this page: stops the polling while the page is left.
  const [deleted, setDeleted] = useState(false);
  const query = useQuery(
    trpc.imports.get.queryOptions(
      { businessId: business.id, importId },
      {
        enabled: !deleted,
        // Live: every second. Not started: every few seconds too, since "Start import" opens this page
        // just before the run records that it began.
        refetchInterval: (q) =>
          !q.state.data
            ? false
            : isImportLive(q.state.data)
              ? 1000
              : isUnstartedImport(q.state.data)
                ? 2000
                : false,
      },
    ),
  );

  if (query.isPending) return <Skeleton className="h-48 w-full" />;
  if (query.isError)
    return (
      <QueryError error={query.error} title="Could not load the import" onRetry={() => query.refetch()} />
    );

  const item = query.data;
  if (isUnstartedImport(item))
    return (
      <UnstartedImport
        item={item}
        onDeleted={() => {
          setDeleted(true);
          router.replace(`/b/${business.slug}/customers/import`);
        }}
      />
    );
  const badge = importBadge(item);
  const total = item.totalRows;
  const percent =
    item.status === "completed" || item.status === "undone"
      ? 100
      : total && total > 0
        ? Math.min(100, Math.floor((item.processedRows / total) * 100))
        : item.status === "running"
          ? null
          : 0;
  const live = isImportLive(item);
  const finished = !live;

  return (
    <Card>
      <CardHeader>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <CardTitle as="h2" className="min-w-0 break-words">
            {item.status === "completed"
              ? "Import finished"
              : item.status === "failed"
                ? "Import failed"
                : item.status === "undone"
                  ? "Import undone"
                  : item.status === "running"
                    ? "Importing…"
                    : "Waiting to start…"}
          </CardTitle>
          <Badge variant={badge.variant}>{badge.label}</Badge>
        </div>
        <CardDescription className="break-words">
          <span className="break-all">{item.fileName}</span> · uploaded{" "}
          {formatDateTime(item.createdAt, business.timeZone)}
          {item.finishedAt ? ` · finished ${formatDateTime(item.finishedAt, business.timeZone)}` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-1.5">
          <Progress
            value={percent}
            aria-label="Import progress"
            aria-valuetext={
              total
                ? `${formatCount(item.processedRows)} of ${formatCount(total)} rows`
                : `${formatCount(item.processedRows)} rows`
            }
          />
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {formatCount(item.processedRows)}
            {total ? ` of ${formatCount(total)}` : ""} rows
            {percent !== null ? ` (${percent}%)` : ""}
            {live ? ". You can leave this page: the import keeps running." : ""}
          </p>
        </div>
        {item.status === "queued" && Date.now() - new Date(item.createdAt).getTime() > 2 * 60_000 ? (
          <Alert>
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>This import has not started yet</AlertTitle>
            <AlertDescription>
              Large files start in the background as soon as a worker is free. You can leave this page: the
              import starts on its own.
            </AlertDescription>
          </Alert>
        ) : null}
        <Counts item={item} />
        {item.status === "completed" ? (
          <Alert>
            <CheckCircle2Icon aria-hidden="true" />
            <AlertTitle>
              {formatCount(item.created)} created, {formatCount(item.updated)} updated,{" "}
              {formatCount(item.skipped)} skipped, {formatCount(item.failed)} failed
              {item.warnings > 0 ? `, ${formatCount(item.warnings)} warnings` : ""}
            </AlertTitle>
            {item.warnings > 0 ? (
              <AlertDescription>
                {formatCount(item.warnings)} values could not be read: those customers were imported without
                them and the values are kept for review (filter the list by “Needs review”).
              </AlertDescription>
            ) : null}
            {item.failed > 0 || item.warnings > 0 ? (
              <AlertDescription>
                Download the error file: it has the original rows plus the reason. Fix them and import that
                file again.
              </AlertDescription>
            ) : null}
          </Alert>
        ) : null}
        {item.status === "failed" && item.error ? (
          <Alert variant="destructive">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>The import stopped</AlertTitle>
            <AlertDescription>{item.error}</AlertDescription>
          </Alert>
        ) : null}
        {finished ? (
          <div className="flex flex-wrap gap-2">
            <Button asChild>
              <Link href={`/b/${business.slug}/customers`}>
                <UsersIcon aria-hidden="true" />
                View customers
              </Link>
            </Button>
            {(item.failed > 0 || item.warnings > 0) && item.errorFileUrl ? (
              <Button asChild variant="outline">
                <a href={`/api/imports/${item.id}/errors`} download>
                  <DownloadIcon aria-hidden="true" />
                  Download error file
                </a>
              </Button>
            ) : null}
            {item.status === "completed" && (item.created > 0 || item.updated > 0) ? (
              <UndoButton item={item} />
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
