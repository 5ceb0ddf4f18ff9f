"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2Icon } from "lucide-react";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { MyTasksSkeleton } from "./my-tasks-skeleton";
import { NewTaskButton } from "./new-task-button";
import { TaskItem, type TaskRow } from "./task-item";

function TaskSection({
  title,
  description,
  tasks,
  total,
  empty,
  tone,
}: {
  title: string;
  description: string;
  tasks: TaskRow[];
  total: number;
  empty: string;
  tone?: "destructive";
}) {
  const headingId = `tasks-${title.toLowerCase()}`;
  return (
    <Card className="gap-2">
      <CardHeader>
        <CardTitle as="h2" id={headingId} className="flex items-center gap-2 text-base">
          {title}
          <Badge variant={tone === "destructive" && total > 0 ? "destructive" : "secondary"}>{total}</Badge>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {tasks.length === 0 ? (
          <p className="py-3 text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ul className="divide-y">
            {tasks.map((t) => (
              <TaskItem key={t.id} task={t} showAssignee={false} />
            ))}
          </ul>
        )}
        {total > tasks.length ? (
          <p className="pt-2 text-xs text-muted-foreground">
            Showing {tasks.length} of {total}.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** "My tasks": the signed-in user's open tasks as Overdue, Today and Upcoming (business time zone). */
export function MyTasks() {
  const business = useBusiness();
  const trpc = useTRPC();
  const mine = useQuery(trpc.tasks.mine.queryOptions({ businessId: business.id }));

  const header = (
    <PageHeader
      title="My tasks"
      description={`Your open tasks and follow-ups. Times are in ${business.timeZone}.`}
      actions={<NewTaskButton />}
    />
  );

  if (mine.isPending) return <MyTasksSkeleton />;
  if (mine.isError) {
    return (
      <div className="min-w-0">
        {header}
        <QueryError error={mine.error} title="Could not load your tasks" onRetry={() => mine.refetch()} />
      </div>
    );
  }

  const { overdue, today, upcoming, counts } = mine.data;
  const total = counts.overdue + counts.today + counts.upcoming;

  return (
    <div className="min-w-0">
      {header}
      {total === 0 ? (
        <EmptyState
          icon={<CheckCircle2Icon />}
          title="Nothing to do"
          description="You have no open tasks. Add one here or from a customer's page."
        />
      ) : (
        <div className="grid min-w-0 gap-4">
          <TaskSection
            title="Overdue"
            description="Past their due time."
            tasks={overdue}
            total={counts.overdue}
            empty="Nothing overdue."
            tone="destructive"
          />
          <TaskSection
            title="Today"
            description="Due before the end of today."
            tasks={today}
            total={counts.today}
            empty="Nothing else due today."
          />
          <TaskSection
            title="Upcoming"
            description="Due later, or without a due time."
            tasks={upcoming}
            total={counts.upcoming}
            empty="Nothing upcoming."
          />
        </div>
      )}
    </div>
  );
}
