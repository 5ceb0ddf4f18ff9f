"use client";

import { CheckIcon, CloudOffIcon, MailIcon, MessageCircleIcon, PhoneIcon, RefreshCwIcon } from "lucide-react";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { type OfflineCustomerField, offlineCustomerFields } from "@/server/domain/offline";
import { discard, enqueue, replayOutbox, resolveKeepMine } from "./outbox";
import type { OutboxItem } from "./queue";
import {
  type CachedCustomer,
  type CachedSnapshot,
  currentUser,
  type OfflineDb,
  openOfflineDb,
} from "./store";

/** Which page of the app the address bar names. */
type Route =
  | { kind: "customer"; slug: string; id: string }
  | { kind: "customers"; slug: string }
  | { kind: "tasks"; slug: string }
  | { kind: "business"; slug: string }
  | { kind: "other" };

function routeOf(pathname: string): Route {
  const m = /^\/b\/([a-z0-9][a-z0-9-]*)(\/.*)?$/.exec(pathname);
  if (!m) return { kind: "other" };
  const slug = m[1]!;
  const rest = m[2] ?? "";
  const customer = /^\/customers\/([0-9a-f-]{36})/.exec(rest);
  if (customer) return { kind: "customer", slug, id: customer[1]! };
  if (/^\/customers\/?$/.test(rest)) return { kind: "customers", slug };
  if (/^\/tasks\/?$/.test(rest)) return { kind: "tasks", slug };
  return { kind: "business", slug };
}

const fieldLabels: Record<OfflineCustomerField, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  whatsapp: "WhatsApp",
  company: "Company",
  city: "City",
  lifecycleStage: "Stage",
};

function ago(iso: string | undefined): string {
  if (!iso) return "never";
  const min = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return new Date(iso).toLocaleDateString();
}

interface State {
  user: { id: string; name: string | null } | null;
  db: OfflineDb | null;
  snapshot: CachedSnapshot | null;
  customers: CachedCustomer[];
  outbox: OutboxItem[];
  storageError: string | null;
}

/**
 * The app without a connection: the customers, notes and tasks kept on this device, and changes that
 * wait to be sent (pending, in conflict, or refused, each with what to do). Writes go to the queue
 * (components/offline/outbox.ts) and are replayed as soon as the connection returns.
 */
export function OfflineApp() {
  const [route, setRoute] = useState<Route>({ kind: "other" });
  const [online, setOnline] = useState(false);
  const [state, setState] = useState<State | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async (r: Route) => {
    try {
      const user = await currentUser();
      if (!user)
        return setState({
          user: null,
          db: null,
          snapshot: null,
          customers: [],
          outbox: [],
          storageError: null,
        });
      const db = await openOfflineDb(user.id);
      const slug = r.kind === "other" ? null : r.slug;
      const snapshot = slug ? ((await db.get("snapshots", slug)) ?? null) : null;
      const all = await db.getAll("customers");
      const outbox = (await db.getAllFromIndex("outbox", "bySeq")).filter((i) => i.userId === user.id);
      setState({
        user,
        db,
        snapshot,
        customers: slug ? all.filter((c) => c.slug === slug) : all,
        outbox,
        storageError: null,
      });
    } catch (e) {
      setState({
        user: null,
        db: null,
        snapshot: null,
        customers: [],
        outbox: [],
        storageError: `This browser does not let the app keep data (${e instanceof Error ? e.message : "storage denied"}). In a private window nothing is kept offline.`,
      });
    }
  }, []);

  useEffect(() => {
    const r = routeOf(window.location.pathname);
    setRoute(r);
    setOnline(navigator.onLine);
    void load(r);
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, [load]);

  const sync = useCallback(async () => {
    if (!state?.db || !state.user) return;
    const summary = await replayOutbox(state.db, state.user.id);
    await load(route);
    if (summary.signedOut) setMessage("Sign in again to send your changes. They are kept on this device.");
    else if (summary.needsAttention > 0) setMessage("Some changes need your attention below.");
    else if (summary.waiting === 0) {
      setMessage("Everything is sent. Opening the page…");
      // The live page at this address; the offline app's own address leads to the business.
      const here = window.location.pathname;
      window.location.replace(
        here.startsWith("/b/") ? window.location.href : `/b/${state.snapshot?.slug ?? ""}`,
      );
    }
  }, [state?.db, state?.user, state?.snapshot?.slug, load, route]);

  // Back online: send the queue, then show the live page.
  useEffect(() => {
    if (online && state?.db) void sync();
  }, [online, state?.db, sync]);

  const write = useCallback(
    async (slug: string, op: Parameters<typeof enqueue>[1]["op"], label: string): Promise<boolean> => {
      if (!state?.db || !state.user || !state.snapshot) return false;
      try {
        await enqueue(state.db, {
          userId: state.user.id,
          businessId: state.snapshot.businessId,
          slug,
          op,
          label,
        });
        await load(route);
        if (navigator.onLine) void sync();
        return true;
      } catch (e) {
        setMessage(
          `This change could not be kept on this device (${e instanceof Error ? e.message : "storage full or denied"}). Copy it before leaving the page.`,
        );
        return false;
      }
    },
    [state, load, route, sync],
  );

  if (!state)
    return (
      <Shell online={online} snapshot={null} pending={0}>
        Loading what is kept on this device…
      </Shell>
    );
  const pending = state.outbox.filter((i) => i.status === "pending").length;

  return (
    <Shell online={online} snapshot={state.snapshot} pending={pending}>
      {message ? (
        <p role="status" className="mb-4 rounded-md border bg-muted px-3 py-2 text-sm">
          {message}
        </p>
      ) : null}
      {state.storageError ? <p className="text-sm text-destructive">{state.storageError}</p> : null}
      {!state.user && !state.storageError ? (
        <Empty>
          Nothing is kept for offline use on this device yet. Open Mini CRM while online: the customers you
          open and your tasks will be here next time.
        </Empty>
      ) : null}
      {state.user && state.db ? (
        <>
          <ChangesList
            db={state.db}
            items={state.outbox}
            onChange={async () => {
              await load(route);
              if (navigator.onLine) void sync();
            }}
          />
          <Page route={route} state={state} write={write} />
        </>
      ) : null}
    </Shell>
  );
}

function Shell({
  online,
  snapshot,
  pending,
  children,
}: {
  online: boolean;
  snapshot: CachedSnapshot | null;
  pending: number;
  children: React.ReactNode;
}) {
  const base = snapshot ? `/b/${snapshot.slug}` : "/b";
  return (
    <div className="min-h-dvh pb-[env(safe-area-inset-bottom)]">
      <header className="sticky top-0 z-10 border-b bg-background/95 pt-[env(safe-area-inset-top)]">
        <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-3">
          <a href={base} className="font-semibold">
            {snapshot?.businessName ?? "Mini CRM"}
          </a>
          <span
            role="status"
            className="ml-auto flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs text-muted-foreground"
          >
            {online ? (
              <RefreshCwIcon className="size-3.5" aria-hidden />
            ) : (
              <CloudOffIcon className="size-3.5" aria-hidden />
            )}
            {online ? "Back online, syncing" : "Offline"} · last synced {ago(snapshot?.syncedAt)}
            {pending > 0 ? ` · ${pending} pending` : ""}
          </span>
        </div>
        {snapshot ? (
          <nav aria-label="Offline" className="mx-auto flex max-w-3xl gap-1 px-2 pb-2 text-sm">
            <a className="rounded-md px-3 py-2.5 hover:bg-muted" href={`${base}/customers`}>
              Customers
            </a>
            <a className="rounded-md px-3 py-2.5 hover:bg-muted" href={`${base}/tasks`}>
              My tasks
            </a>
          </nav>
        ) : null}
      </header>
      <main id="main" className="mx-auto max-w-3xl px-4 py-5">
        {children}
      </main>
    </div>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
      {children}
    </p>
  );
}

type Write = (slug: string, op: Parameters<typeof enqueue>[1]["op"], label: string) => Promise<boolean>;

function Page({ route, state, write }: { route: Route; state: State; write: Write }) {
  if (route.kind === "customer") {
    const c = state.customers.find((x) => x.id === route.id);
    if (!c)
      return (
        <Empty>
          This customer is not kept on this device.{" "}
          <a className="underline" href={`/b/${route.slug}/customers`}>
            See the customers that are
          </a>
          .
        </Empty>
      );
    return <CustomerView customer={c} write={write} />;
  }
  if (route.kind === "tasks")
    return <TaskList tasks={state.snapshot?.myTasks ?? []} slug={route.slug} write={write} />;
  if (route.kind === "customers" || route.kind === "business")
    return (
      <>
        {route.kind === "business" ? (
          <p className="mb-4 text-sm text-muted-foreground">
            This page needs a connection. Here is what you can use offline.
          </p>
        ) : null}
        <CustomerList customers={state.customers} snapshot={state.snapshot} />
      </>
    );
  return <Empty>This page needs a connection.</Empty>;
}

function CustomerList({
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

function CustomerView({ customer: c, write }: { customer: CachedCustomer; write: Write }) {
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

function TaskList({ tasks, slug, write }: { tasks: CachedCustomer["tasks"]; slug: string; write: Write }) {
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
function ChangesList({ db, items, onChange }: { db: OfflineDb; items: OutboxItem[]; onChange: () => void }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="offline-changes" className="mb-6 rounded-lg border p-4">
      <h2 id="offline-changes" className="mb-2 font-semibold">
        Changes on this device ({items.length})
      </h2>
      <ul className="space-y-3 text-sm">
        {items.map((i) => (
          <li key={i.key} data-status={i.status}>
            <div className="flex flex-wrap items-center gap-2">
              <span>{i.label}</span>
              <Badge variant={i.status === "pending" ? "outline" : "destructive"}>
                {i.status === "pending" ? "Pending" : i.status === "conflict" ? "Conflict" : "Not saved"}
              </Badge>
            </div>
            {i.status === "error" ? (
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <span className="text-destructive">{i.error}</span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={async () => {
                    await discard(db, i);
                    onChange();
                  }}
                >
                  Discard
                </Button>
              </div>
            ) : null}
            {i.status === "conflict" && i.conflicts ? (
              <div className="mt-2 space-y-2">
                <p className="text-muted-foreground">Changed on the server since you went offline:</p>
                <table className="w-full text-left">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Yours</th>
                      <th scope="col">On the server</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.conflicts.map((c) => (
                      <tr key={c.field}>
                        <td>{fieldLabels[c.field]}</td>
                        <td>{c.yours ?? "(empty)"}</td>
                        <td>{c.theirs ?? "(empty)"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    onClick={async () => {
                      await resolveKeepMine(db, i);
                      onChange();
                    }}
                  >
                    Keep mine
                  </Button>
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={async () => {
                      await discard(db, i);
                      onChange();
                    }}
                  >
                    Keep theirs
                  </Button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
