"use client";

import { CloudOffIcon, RefreshCwIcon } from "lucide-react";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { ChangesList } from "./offline-changes";
import { CustomerList, CustomerView, TaskList } from "./offline-customer";
import { ago, Empty, type Write } from "./offline-parts";
import { enqueue, replayOutbox } from "./outbox";
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
  children: ReactNode;
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
