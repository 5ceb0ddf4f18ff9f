"use client";

import { useQuery } from "@tanstack/react-query";
import { ClipboardListIcon } from "lucide-react";
import { useState } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { TaskForm } from "@/components/tasks/task-form";
import { TaskItem } from "@/components/tasks/task-item";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { openTasksInput } from "./queries";

/** A customer's tasks: open ones first (by due time), then done ones; and a form to add one. */
export function CustomerTasks({ customerId, readOnly }: { customerId: string; readOnly?: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("tasks.write") && !readOnly;
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
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <ClipboardListIcon className="size-4" aria-hidden="true" />
          Tasks
        </CardTitle>
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
        {canWrite ? (
          <div className="grid gap-3 border-t pt-4">
            <h3 className="text-sm font-semibold">New task</h3>
            <TaskForm customerId={customerId} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
