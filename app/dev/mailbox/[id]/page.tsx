import { eq } from "drizzle-orm";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Link } from "@/components/ui/link";
import { getDb } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { devMailboxEnabled } from "@/server/email/config";
import { isUuid } from "@/server/ids";
import { formatUtc, StatusBadge } from "../status-badge";

export const metadata: Metadata = { title: "Message · Dev mailbox · Mini CRM", robots: { index: false } };

/**
 * One dev-outbox message: headers, its links as anchors, the HTML in a sandboxed iframe (no scripts,
 * no same-origin access) and the plain-text version. Development only; 404 in production.
 */
export default async function DevMailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  if (!devMailboxEnabled()) notFound();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const [message] = await db.select().from(emailMessages).where(eq(emailMessages.id, id)).limit(1);
  if (!message) notFound();

  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-6 sm:px-6">
      <Link href="/dev/mailbox" className="text-sm text-indigo-700 hover:underline">
        ← Dev mailbox
      </Link>

      <header className="mt-3 mb-5">
        <div className="flex items-start justify-between gap-3">
          <h1 className="min-w-0 break-words text-xl font-semibold text-gray-900">{message.subject}</h1>
          <StatusBadge status={message.status} />
        </div>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-gray-500">To</dt>
          <dd className="min-w-0 break-all text-gray-900">{message.to}</dd>
          <dt className="text-gray-500">From</dt>
          <dd className="min-w-0 break-all text-gray-900">{message.from}</dd>
          <dt className="text-gray-500">Queued</dt>
          <dd className="text-gray-900">{formatUtc(message.createdAt)}</dd>
          <dt className="text-gray-500">Sent</dt>
          <dd className="text-gray-900">{formatUtc(message.sentAt)}</dd>
          <dt className="text-gray-500">Transport</dt>
          <dd className="text-gray-900">
            {message.transport === "resend"
              ? `Resend${message.providerMessageId ? ` (${message.providerMessageId})` : ""}`
              : "dev outbox"}
            {` · ${message.attempts} attempt${message.attempts === 1 ? "" : "s"}`}
          </dd>
          <dt className="text-gray-500">Template</dt>
          <dd className="text-gray-900">{message.template}</dd>
        </dl>
        {message.error ? (
          <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm break-words text-red-900">
            {message.error}
          </p>
        ) : null}
      </header>

      {message.links.length > 0 ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold text-gray-900">Links</h2>
          <ul className="space-y-1">
            {message.links.map((link) => (
              <li key={link}>
                <a
                  href={link}
                  className="break-all text-sm text-indigo-700 underline"
                  target="_blank"
                  rel="noreferrer"
                >
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="mb-6">
        <h2 className="mb-2 text-sm font-semibold text-gray-900">HTML</h2>
        <iframe
          title={`HTML of “${message.subject}”`}
          srcDoc={message.html}
          sandbox=""
          className="h-[70vh] min-h-96 w-full rounded-lg border border-gray-200 bg-white"
        />
      </section>

      <section>
        <h2 className="mb-2 text-sm font-semibold text-gray-900">Plain text</h2>
        <pre className="overflow-x-auto rounded-lg border border-gray-200 bg-gray-50 p-4 text-sm whitespace-pre-wrap break-words text-gray-800">
          {message.text}
        </pre>
      </section>
    </main>
  );
}
