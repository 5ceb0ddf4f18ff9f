import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Link } from "@/components/ui/link";
import { getDb } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { devMailboxEnabled } from "@/server/email/config";
import { formatUtc, StatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Dev mailbox · Mini CRM", robots: { index: false } };

const pageSize = 50;

/**
 * The dev outbox: every email the app queued, newest first (keyset pages of 50). Shown outside
 * production, or with MINI_CRM_DEV_MAILBOX=true; otherwise this route answers 404.
 */
export default async function DevMailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string }>;
}) {
  await connection();
  if (!devMailboxEnabled()) notFound();
  const cursor = parseCursor((await searchParams).before);
  const db = await getDb();
  const rows = await db
    .select({
      id: emailMessages.id,
      to: emailMessages.to,
      subject: emailMessages.subject,
      status: emailMessages.status,
      transport: emailMessages.transport,
      createdAt: emailMessages.createdAt,
    })
    .from(emailMessages)
    .where(
      cursor
        ? or(
            lt(emailMessages.createdAt, cursor.createdAt),
            and(eq(emailMessages.createdAt, cursor.createdAt), lt(emailMessages.id, cursor.id)),
          )
        : undefined,
    )
    .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? `${last.createdAt.toISOString()}_${last.id}` : null;

  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-6 sm:px-6">
      <header className="mb-4">
        <h1 className="text-xl font-semibold text-gray-900">Dev mailbox</h1>
        <p className="mt-1 text-sm text-gray-600">
          Emails the app sent on this machine. Without RESEND_API_KEY nothing leaves the machine: the messages
          are delivered here. WhatsApp messages are in the{" "}
          <Link href="/dev/whatsapp" className="underline underline-offset-4">
            WhatsApp dev outbox
          </Link>
          .
        </p>
      </header>

      {page.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 p-6 text-center text-sm text-gray-600">
          No emails yet. Sign up or invite someone, and the message shows up here.
        </p>
      ) : (
        <ul className="divide-y divide-gray-200 overflow-hidden rounded-lg border border-gray-200 bg-white">
          {page.map((m) => (
            <li key={m.id}>
              <Link
                href={`/dev/mailbox/${m.id}`}
                className="block px-4 py-3 hover:bg-gray-50 focus:bg-gray-50 focus:outline-none"
              >
                <div className="flex items-start justify-between gap-3">
                  <span className="min-w-0 truncate font-medium text-gray-900">{m.subject}</span>
                  <StatusBadge status={m.status} />
                </div>
                <div className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-gray-600">
                  <span className="min-w-0 break-all">{m.to}</span>
                  <span>{formatUtc(m.createdAt)}</span>
                  {m.transport === "resend" ? <span>via Resend</span> : null}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}

      {nextCursor ? (
        <nav className="mt-4 flex justify-end">
          <Link
            href={`/dev/mailbox?before=${encodeURIComponent(nextCursor)}`}
            className="rounded-md border border-gray-300 px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50"
          >
            Older messages
          </Link>
        </nav>
      ) : null}
    </main>
  );
}

function parseCursor(value: string | undefined): { createdAt: Date; id: string } | null {
  const match = value ? /^(.+)_([0-9a-f-]{36})$/i.exec(value) : null;
  if (!match?.[1] || !match[2]) return null;
  const createdAt = new Date(match[1]);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2] };
}
