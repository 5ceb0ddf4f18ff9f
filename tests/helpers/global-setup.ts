import { createDb } from "../../db/client";

/** With DATABASE_URL, apply migrations once before the workers start (they share one database). */
export default async function setup() {
  if (!process.env.DATABASE_URL) return;
  const handle = createDb({ url: process.env.DATABASE_URL, max: 1 });
  await handle.migrate();
  await handle.close();
}
