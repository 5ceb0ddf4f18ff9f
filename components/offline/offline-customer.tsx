"use client";

import { CheckIcon, MailIcon, MessageCircleIcon, PhoneIcon } from "lucide-react";
import { type FormEvent, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { offlineCustomerFields } from "@/server/domain/offline";
import { ago, Empty, fieldLabels, type Write } from "./offline-parts";
import type { CachedCustomer, CachedSnapshot } from "./store";

/** The offline app's customer views: the kept customers with search, one customer, her tasks, My tasks. */

export function CustomerList({
  customers,
  snapshot,
}: {
  customers: CachedCustomer[];
  snapshot: CachedSnapshot | null;
}) {
  const [q, setQ] = useState("");
  const ordered = useMemo(() => {
    const order = new Map((snapshot?.listIds ?? []).map((id, i) => [id, i]));
    const needle = q.trim().toLowerCase();
    return customers
      .filter(
        (c) =>
          !needle ||
          [c.name, c.email, c.phone, c.company, c.city].some((v) => v?.toLowerCase().includes(needle)),
      )
      .sort((a, b) => b.openedAt - a.openedAt || (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  }, [customers, snapshot, q]);
  if (customers.length === 0) return <Empty>No customers are kept on this device yet.</Empty>;
  return (
    <section aria-labelledby="offline-customers">
      <h1 id="offline-customers" className="mb-3 text-xl font-semibold">
        Customers
      </h1>
      <Label htmlFor="offline-search" className="sr-only">
        Search
      </Label>
      <Input
        id="offline-search"
        placeholder="Search kept customers"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="mb-3"
      />
      <ul className="divide-y rounded-lg border">
        {ordered.map((c) => (
          <li key={c.id}>
            <a
              href={`/b/${c.slug}/customers/${c.id}`}
              className="flex min-h-11 flex-col px-4 py-3 hover:bg-muted"
            >
              <span className="font-medium">{c.name}</span>
              <span className="text-sm text-muted-foreground">
                {[c.phone, c.email, c.city].filter(Boolean).join(" · ")}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CustomerView({ customer: c, write }: { customer: CachedCustomer; write: Write }) {
  const [note, setNote] = useState("");
  const [task, setTask] = useState("");
  const [editing, setEditing] = useState(false);
  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    if (
      await write(c.slug, { kind: "note.create", customerId: c.id, body: note.trim() }, `Note on ${c.name}`)
    )
      setNote("");
  };
  const addTask = async (e: FormEvent) => {
    e.preventDefault();
    if (!task.trim()) return;
    if (
      await write(c.slug, { kind: "task.create", title: task.trim(), customerId: c.id }, `Task for ${c.name}`)
    )
      setTask("");
  };
  const wa = c.whatsapp ?? c.phone;
  return (
    <article aria-labelledby="offline-customer" className="space-y-6">
      <header className="space-y-2">
        <h1 id="offline-customer" className="text-2xl font-semibold">
          {c.name}
        </h1>
        <p className="text-sm text-muted-foreground">
          {[c.company, c.city].filter(Boolean).join(" · ")}{" "}
          <Badge variant="secondary">{c.lifecycleStage}</Badge>
        </p>
        <div className="flex flex-wrap gap-2">
          {c.phone ? (
            <Button asChild variant="outline" className="min-h-11">
              <a href={`tel:${c.phone}`}>
                <PhoneIcon aria-hidden /> {c.phone}
              </a>
            </Button>
          ) : null}
          {wa ? (
            <Button asChild variant="outline" className="min-h-11">
              <a href={`https://wa.me/${wa.replace(/\D/g, "")}`}>
                <MessageCircleIcon aria-hidden /> WhatsApp
              </a>
            </Button>
          ) : null}
          {c.email ? (
            <Button asChild variant="outline" className="min-h-11">
              <a href={`mailto:${c.email}`}>
                <MailIcon aria-hidden /> {c.email}
              </a>
            </Button>
          ) : null}
          <Button
            variant="secondary"
            className="min-h-11"
            onClick={() => setEditing((v) => !v)}
            aria-expanded={editing}
          >
            Edit details
          </Button>
        </div>
        {editing ? <EditForm customer={c} write={write} onDone={() => setEditing(false)} /> : null}
      </header>

      <section aria-labelledby="offline-tasks" className="space-y-2">
        <h2 id="offline-tasks" className="font-semibold">
          Open tasks
        </h2>
        <TaskItems tasks={c.tasks} slug={c.slug} write={write} />
        <form onSubmit={addTask} className="flex gap-2">
          <Label htmlFor="offline-task" className="sr-only">
            New task
          </Label>
          <Input
            id="offline-task"
            placeholder="Add a task"
            value={task}
            onChange={(e) => setTask(e.target.value)}
            maxLength={200}
          />
          <Button type="submit" className="min-h-11">
            Add
          </Button>
        </form>
      </section>

      <section aria-labelledby="offline-notes" className="space-y-2">
        <h2 id="offline-notes" className="font-semibold">
          Notes
        </h2>
        <form onSubmit={addNote} className="space-y-2">
          <Label htmlFor="offline-note" className="sr-only">
            New note
          </Label>
          <Textarea
            id="offline-note"
            placeholder="Write a note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={3}
          />
          <Button type="submit" className="min-h-11">
            Add note
          </Button>
        </form>
        {c.notes.length === 0 ? <p className="text-sm text-muted-foreground">No notes kept.</p> : null}
        <ul className="space-y-2">
          {c.notes.map((n) => (
            <li key={n.id} className="rounded-md border p-3 text-sm">
              <p className="whitespace-pre-wrap">{n.text}</p>
              <p className="mt-1 text-xs text-muted-foreground">
                {n.id.startsWith("pending:") ? (
                  <Badge variant="outline">Pending</Badge>
                ) : (
                  `${n.authorName ?? "Someone"} · ${ago(n.createdAt)}`
                )}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function EditForm({
  customer: c,
  write,
  onDone,
}: {
  customer: CachedCustomer;
  write: Write;
  onDone: () => void;
}) {
  const editable = offlineCustomerFields.filter((f) => f !== "lifecycleStage");
  const [values, setValues] = useState(
    () => Object.fromEntries(editable.map((f) => [f, c[f] ?? ""])) as Record<string, string>,
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes: Record<string, string | null> = {};
    const base: Record<string, string | null> = {};
    for (const f of editable) {
      const now = values[f]!.trim();
      if (now !== (c[f] ?? "")) {
        changes[f] = now || null;
        base[f] = c[f] ?? null;
      }
    }
    if (Object.keys(changes).length === 0) return onDone();
    if (
      await write(
        c.slug,
        { kind: "customer.update", customerId: c.id, changes, base },
        `Details of ${c.name}`,
      )
    )
      onDone();
  };
  return (
    <form onSubmit={submit} className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2">
      {editable.map((f) => (
        <div key={f} className="grid gap-1.5">
          <Label htmlFor={`offline-${f}`}>{fieldLabels[f]}</Label>
          <Input
            id={`offline-${f}`}
            value={values[f]}
            onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
            type={f === "email" ? "email" : f === "phone" || f === "whatsapp" ? "tel" : "text"}
          />
        </div>
      ))}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" className="min-h-11">
          Save
        </Button>
        <Button type="button" variant="ghost" className="min-h-11" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function TaskItems({ tasks, slug, write }: { tasks: CachedCustomer["tasks"]; slug: string; write: Write }) {
  if (tasks.length === 0) return <p className="text-sm text-muted-foreground">No open tasks.</p>;
  return (
    <ul className="divide-y rounded-lg border">
      {tasks.map((t) => {
        const pending = t.id.startsWith("pending:");
        const done = t.status === "done";
        return (
          <li key={t.id} className="flex min-h-11 items-center gap-3 px-3 py-2">
            <Button
              variant="outline"
              size="icon"
              className="size-11 shrink-0"
              aria-label={done ? `${t.title}: done` : `Complete ${t.title}`}
              aria-pressed={done}
              disabled={done || pending}
              onClick={() => write(slug, { kind: "task.complete", taskId: t.id }, `Complete “${t.title}”`)}
            >
              {done ? <CheckIcon aria-hidden /> : null}
            </Button>
            <span className={done ? "text-muted-foreground line-through" : ""}>{t.title}</span>
            {t.customerName ? <span className="text-xs text-muted-foreground">{t.customerName}</span> : null}
            {pending || done ? (
              <Badge variant="outline" className="ml-auto">
                Pending
              </Badge>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function TaskList({
  tasks,
  slug,
  write,
}: {
  tasks: CachedCustomer["tasks"];
  slug: string;
  write: Write;
}) {
  return (
    <section aria-labelledby="offline-my-tasks" className="space-y-3">
      <h1 id="offline-my-tasks" className="text-xl font-semibold">
        My tasks
      </h1>
      <TaskItems tasks={tasks} slug={slug} write={write} />
    </section>
  );
}

/** Changes waiting to be sent: pending, in conflict (both values, keep mine or theirs), or refused. */
