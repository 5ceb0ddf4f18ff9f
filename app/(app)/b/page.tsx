import { redirect } from "next/navigation";
import { loadBusinesses, requireUser } from "../_lib/session";

/** `/b`: the user's first business, or creating one when they have none. */
export default async function BusinessesIndexPage() {
  const user = await requireUser("/b");
  const businesses = await loadBusinesses(user.id);
  const first = businesses[0];
  redirect(first ? `/b/${first.slug}` : "/b/new");
}
