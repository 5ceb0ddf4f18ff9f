import { afterAll } from "vitest";
import { createDb, type DbHandle, setDbHandle } from "@/db/client";

let shared: Promise<DbHandle> | undefined;

/**
 * The test database for this test file: Postgres when DATABASE_URL is set (migrated once by the global
 * setup; tests isolate themselves with fresh businesses and users), else a migrated in-memory PGlite.
 * It also becomes the process-wide database that `getDb()` returns. Closed after the file.
 */
export function testDb(): Promise<DbHandle> {
  if (!shared) {
    shared = (async () => {
      const url = process.env.DATABASE_URL;
      const handle = createDb(url ? { url, max: 4 } : { pgliteDir: "memory" });
      if (!url) await handle.migrate();
      setDbHandle(handle);
      return handle;
    })();
    afterAll(async () => {
      const h = await shared;
      shared = undefined;
      await h?.close();
    });
  }
  return shared;
}
