import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { exportCustomers } from "@/server/services/customers";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

/**
 * An export that fails after it started streaming must end the download with an error: the body stream
 * errors (the server then aborts the response without its final chunk), never a file that just stops.
 */

let db: Db;
let businessId: string;

beforeAll(async () => {
  db = (await testDb()).db;
  const owner = await createUser(db);
  businessId = (await createBusiness(db, { owner })).id;
  // Three keyset pages of 2,000.
  const rows = Array.from({ length: 4_500 }, (_, i) => ({ businessId, name: `Export ${i}` }));
  for (let i = 0; i < rows.length; i += 1_500) await db.insert(customers).values(rows.slice(i, i + 1_500));
});

/** A thenable query builder that rejects when awaited, like a connection lost mid-export. */
function lostConnection(): unknown {
  const chain: unknown = new Proxy(() => {}, {
    get: (_t, p) =>
      p === "then"
        ? (_ok: unknown, fail: (e: Error) => void) => fail(new Error("Connection terminated unexpectedly"))
        : () => chain,
    apply: () => chain,
  });
  return chain;
}

/** `db` whose query calls are counted; the call numbered `failAt` (1-based) fails. */
function countingDb(failAt = Number.POSITIVE_INFINITY) {
  const state = { calls: 0 };
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "select" && prop !== "execute")
        return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) => {
        state.calls++;
        if (state.calls === failAt) return lostConnection();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy as Db, state };
}

/** Reads a body to the end: the text received, and the error it ended with (if any). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; error: Error | null }> {
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, error: null };
      bytes += value.byteLength;
    }
  } catch (e) {
    return { bytes, error: e as Error };
  }
}

describe.each(["csv", "xlsx"] as const)("an export that fails midway (%s)", (format) => {
  it("ends the download with an error naming an error id, after the rows it had sent", async () => {
    const full = countingDb();
    const whole = await exportCustomers(full.db, businessId, {}, { format });
    const complete = await drain(whole.stream);
    expect(complete.error).toBeNull();
    const queries = full.state.calls;
    expect(queries).toBeGreaterThanOrEqual(3);

    // The last page's query fails: two pages were already streamed.
    const failing = countingDb(queries);
    const cut = await exportCustomers(failing.db, businessId, {}, { format });
    const partial = await drain(cut.stream);
    expect(partial.error?.message).toMatch(/The export stopped before the end \(error id [0-9a-f-]{36}\)/);
    expect(partial.bytes).toBeGreaterThan(0);
    expect(partial.bytes).toBeLessThan(complete.bytes);
  });
});
