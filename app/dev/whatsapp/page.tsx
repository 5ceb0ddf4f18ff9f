import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Link } from "@/components/ui/link";
import { getDb } from "@/db/client";
import { devWhatsappMessages } from "@/db/schema";
import { devMailboxEnabled } from "@/server/email/config";
import { formatUtc } from "../mailbox/status-badge";

export const metadata: Metadata = { title: "WhatsApp dev outbox · Mini CRM", robots: { index: false } };

const pageSize = 50;

/**
 * The WhatsApp dev outbox: every WhatsApp message sent by a business without a WhatsApp provider,
 * newest first (keyset pages of 50), as the customer would read it. Shown where the dev mailbox is
 * (outside production, or with MINI_CRM_DEV_MAILBOX=true); otherwise 404.
 */
export default async function DevWhatsappPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string }>;
}) {
  await connection();
  if (!devMailboxEnabled()) notFound();
  const cursor = parseCursor((await searchParams).before);
  const db = await getDb();
  const rows = await db
    .select()
    .from(devWhatsappMessages)
    .where(
      cursor
        ? or(
            lt(devWhatsappMessages.createdAt, cursor.createdAt),
            and(eq(devWhatsappMessages.createdAt, cursor.createdAt), lt(devWhatsappMessages.id, cursor.id)),
          )
        : undefined,
    )
    .orderBy(desc(devWhatsappMessages.createdAt), desc(devWhatsappMessages.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? `${last.createdAt.toISOString()}_${last.id}` : null;

  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-6 sm:px-6">
      <header className="mb-4">
        <h1 className="text-xl font-semibold text-gray-900">WhatsApp dev outbox</h1>
        <p className="mt-1 text-sm text-gray-600">
          WhatsApp messages sent on this machine by businesses without a WhatsApp provider: nothing left the
          machine. Emails are in the{" "}
          <Link href="/dev/mailbox" className="underline underline-offset-4">
            dev mailbox
          </Link>
          .
        </p>
      </header>

      {page.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 p-6 text-center text-sm text-gray-600">
          No WhatsApp messages yet. Send a WhatsApp campaign and its messages show up here.
        </p>
      ) : (
        <ul className="grid gap-3">
          {page.map((m) => (
            <li key={m.id} className="rounded-lg border border-gray-200 bg-white px-4 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm text-gray-600">
                <span className="font-medium break-all text-gray-900">To {m.to}</span>
                <span>{formatUtc(m.createdAt)}</span>
              </div>
              <p className="mt-1 text-xs text-gray-500">
                {m.kind === "template" ? `Template ${m.templateName} (${m.language})` : "Free-form text"} ·{" "}
                <span className="break-all">{m.providerMessageId}</span>
              </p>
              <p className="mt-2 rounded-md bg-emerald-50 p-3 text-sm break-words whitespace-pre-wrap text-gray-900">
                {m.text}
              </p>
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-gray-600">Cloud API request</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-gray-50 p-2 text-xs">
                  {JSON.stringify(m.payload, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}

      {nextCursor ? (
        <nav className="mt-4 flex justify-end">
          <Link
            href={`/dev/whatsapp?before=${encodeURIComponent(nextCursor)}`}
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
