"use client";

import { useQuery } from "@tanstack/react-query";
import { ClipboardListIcon } from "lucide-react";
import { useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { NewTaskButton } from "@/components/tasks/new-task-button";
import { TaskItem } from "@/components/tasks/task-item";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { openTasksInput } from "./queries";

/**
 * A customer's tasks: open ones (by due time), done ones on request, and a "New task" button (for
 * members who may write tasks, unless the customer is deleted) that opens the new-task dialog.
 */
export function CustomerTasks({ customerId, readOnly }: { customerId: string; readOnly?: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const [showDone, setShowDone] = useState(false);
  const open = useQuery(trpc.tasks.list.queryOptions(openTasksInput(business.id, customerId)));
  const done = useQuery({
    ...trpc.tasks.list.queryOptions({
      businessId: business.id,
      customerId,
      status: ["done", "cancelled"],
      limit: 20,
    }),
    enabled: showDone,
  });

  return (
    <Card className="gap-4">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <ClipboardListIcon className="size-4" aria-hidden="true" />
          Tasks
        </CardTitle>
        {readOnly ? null : <NewTaskButton customerId={customerId} size="sm" variant="outline" />}
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        {open.isPending ? (
          <ListSkeleton rows={2} />
        ) : open.isError ? (
          <QueryError error={open.error} title="Could not load tasks" onRetry={() => open.refetch()} />
        ) : open.data.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No open tasks for this customer.</p>
        ) : (
          <ul className="divide-y">
            {open.data.data.map((t) => (
              <TaskItem key={t.id} task={t} showCustomer={false} />
            ))}
          </ul>
        )}
        <div className="grid gap-2">
          <Button
            variant="ghost"
            size="sm"
            className="justify-self-start"
            aria-expanded={showDone}
            onClick={() => setShowDone((v) => !v)}
          >
            {showDone ? "Hide completed tasks" : "Show completed tasks"}
          </Button>
          {showDone ? (
            done.isPending ? (
              <ListSkeleton rows={1} />
            ) : done.isError ? (
              <QueryError error={done.error} title="Could not load tasks" onRetry={() => done.refetch()} />
            ) : done.data.data.length === 0 ? (
              <p className="text-sm text-muted-foreground">No completed tasks.</p>
            ) : (
              <ul className="divide-y">
                {done.data.data.map((t) => (
                  <TaskItem key={t.id} task={t} showCustomer={false} />
                ))}
              </ul>
            )
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
