import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_BUSINESS_COOKIE, startPath } from "@/server/http/last-business";
import { loadBusinesses, requireUser } from "../_lib/session";

/**
 * `/b` (the installed app's start): the business the user opened last, else their first, or creating one
 * when they have none; `?to=customers|tasks|customers/import|invoices` opens that page of it (the
 * manifest's shortcuts).
 */
export default async function BusinessesIndexPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string; new?: string }>;
}) {
  const user = await requireUser("/b");
  const { to, new: openNew } = (await searchParams) ?? {};
  const businesses = await loadBusinesses(user.id);
  const last = (await cookies()).get(LAST_BUSINESS_COOKIE)?.value;
  redirect(
    startPath(
      businesses.map((b) => b.slug),
      last,
      typeof to === "string" ? to : undefined,
      openNew === "1",
    ) ?? "/b/new",
  );
}
