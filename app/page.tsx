import {
  ArrowRightIcon,
  CodeIcon,
  FileSpreadsheetIcon,
  HistoryIcon,
  KeyRoundIcon,
  ServerIcon,
  ShieldCheckIcon,
  TagsIcon,
  UsersIcon,
} from "lucide-react";
import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { currentUser } from "@/server/api/server";

export const metadata: Metadata = {
  title: { absolute: "Mini CRM: the simple CRM for small businesses" },
  description:
    "Customers, import from Excel or CSV, tags, custom fields and saved segments, notes and tasks on one timeline, team roles and a REST API. Open source and self-hostable.",
};

/** What Mini CRM does today; nothing here is a promise. */
const features: { icon: ReactNode; title: string; body: string }[] = [
  {
    icon: <UsersIcon />,
    title: "Customers",
    body: "One list for everyone you serve. Search by name, phone or email, sort and filter, and find and merge duplicates.",
  },
  {
    icon: <FileSpreadsheetIcon />,
    title: "Import from Excel or CSV",
    body: "Bring in the spreadsheet you already keep. Columns are matched for you, you see a preview before anything is saved, and an import can be undone.",
  },
  {
    icon: <TagsIcon />,
    title: "Tags, custom fields and segments",
    body: "Tag customers, add the fields your business needs, and save any filter as a view, such as VIPs in one city, to come back to in one click.",
  },
  {
    icon: <HistoryIcon />,
    title: "Timeline with notes and tasks",
    body: "Notes, tasks and every change on one timeline per customer, so anyone on your team can pick up the thread. Tasks have due dates and reminders.",
  },
  {
    icon: <ShieldCheckIcon />,
    title: "Teams and roles",
    body: "Invite your team as owners, admins or members; each role sees what it needs, and the audit log shows who changed what.",
  },
  {
    icon: <KeyRoundIcon />,
    title: "REST API with keys",
    body: "Connect your website and tools with API keys. The API reference is built in, and exports to CSV or Excel are a click away.",
  },
];

/** Planned, not available yet: said as such on the page. */
const comingNext = "email and WhatsApp campaigns, lead forms, and invoices with online payment";

const openSourcePoints: { icon: ReactNode; title: string; body: string }[] = [
  {
    icon: <ServerIcon />,
    title: "Runs on your server",
    body: "One Next.js app and Postgres. Try it with no database setup at all; move to Postgres when you grow.",
  },
  {
    icon: <ShieldCheckIcon />,
    title: "Your data stays yours",
    body: "Export your customers to CSV or Excel at any time. Roles keep each teammate to what they need.",
  },
  {
    icon: <CodeIcon />,
    title: "Open to build on",
    body: "MIT licensed, with a REST API for the tools you already use.",
  },
];

async function signedIn(): Promise<boolean> {
  try {
    return Boolean(await currentUser());
  } catch (error) {
    unstable_rethrow(error);
    // The marketing page still renders when the database is unreachable.
    return false;
  }
}

function AppPreview() {
  const customers = [
    { name: "Priya Sharma", detail: "Task: follow up Friday", tag: "VIP", initials: "PS" },
    { name: "Reza Karimi", detail: "Note: prefers WhatsApp", tag: "Clinic", initials: "RK" },
    { name: "Ananya Rao", detail: "Imported from clients.xlsx", tag: "New", initials: "AR" },
  ];
  return (
    <div
      role="img"
      aria-label="A preview of the Mini CRM dashboard: customers, open tasks and recent customer activity"
      className="relative w-full min-w-0 rounded-2xl border bg-card p-3 shadow-xl shadow-primary/5 sm:p-4"
    >
      <div aria-hidden="true" className="grid gap-3">
        <div className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-full bg-destructive/60" />
          <span className="size-2.5 rounded-full bg-warning/80" />
          <span className="size-2.5 rounded-full bg-success/70" />
          <span className="ml-2 truncate text-xs text-muted-foreground">Sunrise Dental · Dashboard</span>
        </div>
        <div className="grid grid-cols-3 gap-2">
          {[
            { label: "Customers", value: "1,284" },
            { label: "Open tasks", value: "18" },
            { label: "Members", value: "4" },
          ].map((s) => (
            <div key={s.label} className="min-w-0 rounded-lg border bg-background p-2 sm:p-3">
              <div className="truncate text-[11px] text-muted-foreground sm:text-xs">{s.label}</div>
              <div className="truncate text-base font-semibold sm:text-lg">{s.value}</div>
            </div>
          ))}
        </div>
        <div className="rounded-lg border bg-background p-2 sm:p-3">
          <div className="mb-2 flex items-end gap-1" style={{ height: 56 }}>
            {[30, 45, 38, 60, 52, 74, 68, 90, 82, 100].map((h, i) => (
              <span key={i} className="flex-1 rounded-sm bg-primary/70" style={{ height: `${h}%` }} />
            ))}
          </div>
          <div className="text-xs text-muted-foreground">New customers, last 10 weeks</div>
        </div>
        <ul className="grid gap-1.5">
          {customers.map((c) => (
            <li key={c.name} className="flex min-w-0 items-center gap-2 rounded-lg border bg-background p-2">
              <span className="grid size-8 shrink-0 place-items-center rounded-full bg-primary/10 text-xs font-semibold text-primary">
                {c.initials}
              </span>
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium">{c.name}</span>
                <span className="block truncate text-xs text-muted-foreground">{c.detail}</span>
              </span>
              <Badge variant="secondary">{c.tag}</Badge>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export default async function HomePage() {
  const isSignedIn = await signedIn();

  return (
    <div className="flex min-h-dvh flex-col overflow-x-hidden">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-2 px-4 sm:px-6">
          <Logo className="whitespace-nowrap" />
          <nav aria-label="Main" className="flex items-center gap-1 sm:gap-2">
            <div className="hidden items-center gap-1 md:flex">
              <Button asChild variant="ghost" size="sm">
                <a href="#features">Features</a>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <a href="#open-source">Open source</a>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <Link href="/api/docs">API</Link>
              </Button>
            </div>
            <ThemeToggle />
            {isSignedIn ? (
              <Button asChild size="sm">
                <Link href="/b">
                  Open app
                  <ArrowRightIcon aria-hidden="true" />
                </Link>
              </Button>
            ) : (
              <>
                <Button asChild variant="ghost" size="sm" className="px-2 sm:px-3">
                  <Link href="/sign-in">Sign in</Link>
                </Button>
                <Button asChild size="sm" className="px-2.5 sm:px-3">
                  <Link href="/sign-up">Get started</Link>
                </Button>
              </>
            )}
          </nav>
        </div>
      </header>

      <main id="main" className="flex-1">
        <section className="relative isolate overflow-hidden">
          <div
            aria-hidden="true"
            className="absolute inset-x-0 -top-40 -z-10 mx-auto h-96 max-w-3xl rounded-full bg-primary/20 blur-3xl dark:bg-primary/15"
          />
          <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-14 sm:px-6 sm:py-20 lg:grid-cols-2 lg:py-28">
            <div className="grid min-w-0 gap-6">
              <Badge variant="outline" className="bg-background/60">
                Open source · Self-hostable
              </Badge>
              <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl lg:text-6xl">
                The simple CRM for <span className="text-primary">small businesses</span>
              </h1>
              <p className="max-w-xl text-lg text-pretty text-muted-foreground">
                Keep every customer in one place, bring them in from the spreadsheet you already have, and
                follow up with notes and tasks your whole team can see. Fast on a laptop, and it works in your
                phone&apos;s browser.
              </p>
              <div className="flex flex-col gap-3 sm:flex-row">
                {isSignedIn ? (
                  <Button asChild size="lg">
                    <Link href="/b">
                      Open app
                      <ArrowRightIcon aria-hidden="true" />
                    </Link>
                  </Button>
                ) : (
                  <>
                    <Button asChild size="lg">
                      <Link href="/sign-up">
                        Get started free
                        <ArrowRightIcon aria-hidden="true" />
                      </Link>
                    </Button>
                    <Button asChild size="lg" variant="outline">
                      <Link href="/sign-in">Sign in</Link>
                    </Button>
                  </>
                )}
              </div>
              <p className="text-sm text-muted-foreground">
                Made for shops, clinics and agencies. Any currency, any time zone, any phone.
              </p>
            </div>
            <AppPreview />
          </div>
        </section>

        <section id="features" aria-labelledby="features-title" className="scroll-mt-16 border-t bg-muted/30">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
            <div className="mx-auto mb-10 grid max-w-2xl gap-3 text-center">
              <h2 id="features-title" className="text-3xl font-semibold tracking-tight text-balance">
                What Mini CRM does today
              </h2>
              <p className="text-muted-foreground text-pretty">
                From the first enquiry to the follow-up, in one place your whole team can use.
              </p>
            </div>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {features.map((f) => (
                <li
                  key={f.title}
                  className="grid min-w-0 content-start gap-3 rounded-xl border bg-card p-5 shadow-xs transition-shadow hover:shadow-md"
                >
                  <span
                    aria-hidden="true"
                    className="grid size-10 place-items-center rounded-lg bg-primary/10 text-primary [&_svg]:size-5"
                  >
                    {f.icon}
                  </span>
                  <h3 className="font-semibold">{f.title}</h3>
                  <p className="text-sm leading-relaxed text-muted-foreground">{f.body}</p>
                </li>
              ))}
            </ul>
            <p className="mx-auto mt-8 max-w-2xl text-center text-sm text-muted-foreground text-pretty">
              <Badge variant="outline" className="mr-2 align-middle">
                Not available yet
              </Badge>
              Coming next: {comingNext}.
            </p>
          </div>
        </section>

        <section id="open-source" aria-labelledby="open-source-title" className="scroll-mt-16 border-t">
          <div className="mx-auto grid max-w-6xl gap-10 px-4 py-16 sm:px-6 sm:py-20">
            <div className="grid max-w-2xl min-w-0 gap-4">
              <h2 id="open-source-title" className="text-3xl font-semibold tracking-tight text-balance">
                Self-hostable, open source
              </h2>
              <p className="text-muted-foreground text-pretty">
                Run Mini CRM on your own server, or with a provider you trust. No per-seat fees, no lock-in,
                and the code is there to read and change.
              </p>
              <div>
                <Button asChild variant="outline">
                  <Link href="/api/docs">
                    <CodeIcon aria-hidden="true" />
                    Read the API docs
                  </Link>
                </Button>
              </div>
            </div>
            <ul className="grid gap-4 sm:grid-cols-3">
              {openSourcePoints.map((p) => (
                <li key={p.title} className="grid min-w-0 content-start gap-2 rounded-xl border bg-card p-5">
                  <span aria-hidden="true" className="text-primary [&_svg]:size-5">
                    {p.icon}
                  </span>
                  <h3 className="font-semibold">{p.title}</h3>
                  <p className="text-sm leading-relaxed text-muted-foreground">{p.body}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>

        <section aria-labelledby="cta-title" className="mx-auto max-w-6xl px-4 pb-16 sm:px-6 sm:pb-24">
          <div className="relative isolate grid gap-6 overflow-hidden rounded-2xl bg-primary px-6 py-12 text-center text-primary-foreground sm:px-12 sm:py-16">
            <div
              aria-hidden="true"
              className="absolute -right-24 -bottom-24 -z-10 size-72 rounded-full bg-primary-foreground/10 blur-2xl"
            />
            <h2 id="cta-title" className="text-3xl font-semibold tracking-tight text-balance">
              {isSignedIn ? "Your customers are waiting" : "Bring your customers into one place"}
            </h2>
            <p className="mx-auto max-w-xl text-pretty opacity-90">
              {isSignedIn
                ? "Pick up where you left off."
                : "Create your account in a minute, import your list and plan your first follow-ups today."}
            </p>
            <div className="flex justify-center">
              <Button asChild size="lg" variant="secondary">
                <Link href={isSignedIn ? "/b" : "/sign-up"}>
                  {isSignedIn ? "Open app" : "Get started free"}
                  <ArrowRightIcon aria-hidden="true" />
                </Link>
              </Button>
            </div>
          </div>
        </section>
      </main>

      <footer className="border-t">
        <div className="mx-auto flex max-w-6xl flex-col items-center justify-between gap-4 px-4 py-8 text-sm text-muted-foreground sm:flex-row sm:px-6">
          <Logo />
          <nav aria-label="Footer" className="flex flex-wrap justify-center gap-x-5 gap-y-2">
            <Link href="/api/docs" className="hover:text-foreground">
              API docs
            </Link>
            {isSignedIn ? (
              <Link href="/b" className="hover:text-foreground">
                Open app
              </Link>
            ) : (
              <>
                <Link href="/sign-in" className="hover:text-foreground">
                  Sign in
                </Link>
                <Link href="/sign-up" className="hover:text-foreground">
                  Create an account
                </Link>
              </>
            )}
          </nav>
          <p>Open source · MIT</p>
        </div>
      </footer>
    </div>
  );
}
