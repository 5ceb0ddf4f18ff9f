import { beforeAll, describe, expect, it } from "vitest";
import { GET as restGet, POST as restPost } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { createCaller } from "@/server/api/root";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("characters Postgres cannot store", () => {
  it("a NUL in a sign-up name is a field error, not a database error", async () => {
    await expectTRPCError(
      callerFor(db, null).auth.signUp({
        name: "Asha\u0000Rao",
        email: `nul-${Date.now()}@example.com`,
        password: "a long enough password 1",
      }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { name: expect.stringContaining("cannot be stored") } },
    );
  });

  it("a NUL or a lone surrogate anywhere in REST input answers 400 naming the field, with no SQL", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const key = await createApiKeyFor(db, biz);
    const auth = { authorization: `Bearer ${key.key}` };
    const search = await restGet(
      new Request("http://localhost/api/v1/customers?search=ab%00cd", { headers: auth }),
    );
    expect(search.status).toBe(400);
    const text = await search.text();
    expect(text).toContain("search");
    expect(text).not.toMatch(/select|insert|\$1|params/i);
    const create = await restPost(
      new Request("http://localhost/api/v1/customers", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ name: "Ok", company: "Bad \ud800 text" }),
      }),
    );
    expect(create.status).toBe(400);
    expect(await create.text()).toContain("company");
  });
});

describe("unexpected errors", () => {
  it("answer a generic message with an error id, never SQL, parameters or a stack", async () => {
    const owner = await createUser(db);
    // A database that fails the way a driver does: the message carries the statement and parameters.
    const failing = new Proxy(db, {
      get() {
        throw new Error(
          'Failed query: select "password_hash" from "users" where id = $1\nparams: $argon2id$v=19$secret',
        );
      },
    });
    const caller = createCaller({
      db: failing,
      user: { id: owner.id, email: owner.email, name: null, isPlatformAdmin: false },
      apiKey: null,
      ip: null,
    });
    const error = await expectTRPCError(caller.business.list(), "INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/^Something went wrong on our side\. Error id: [0-9a-f-]{36}\.$/);
    expect(JSON.stringify(error)).not.toMatch(/password_hash|argon2|params/);
  });
});

/** A body of `total` bytes streamed in 64 KiB chunks; `pulled()` tells how many bytes were read. */
function countingBody(total: number) {
  let sent = 0;
  let cancelled = false;
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => sent, cancelled: () => cancelled };
}

describe("request body limits", () => {
  it("refuses an oversized JSON body with 413, reading no more than the limit", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const key = await createApiKeyFor(db, biz);
    const body = countingBody(600 * 1024 * 1024);
    const res = await restPost(
      new Request("http://localhost/api/v1/customers", {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(2 * 1024 * 1024);
    expect(body.cancelled()).toBe(true);
    // A declared Content-Length over the limit is refused before reading.
    const declared = await restPost(
      new Request("http://localhost/api/v1/customers", {
        method: "POST",
        headers: {
          authorization: `Bearer ${key.key}`,
          "content-type": "application/json",
          "content-length": String(5 * 1024 * 1024),
        },
        body: "{}",
      }),
    );
    expect(declared.status).toBe(413);
  });

  it("checks the API key before reading any of the body", async () => {
    const body = countingBody(60 * 1024 * 1024);
    const res = await restPost(
      new Request("http://localhost/api/v1/customers", {
        method: "POST",
        headers: { authorization: "Bearer mcrm_not-a-key", "content-type": "application/json" },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(401);
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024);
  });
});

describe("REST query parameters", () => {
  it("an unknown parameter of a list endpoint is a 400 naming it", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const key = await createApiKeyFor(db, biz);
    const auth = { authorization: `Bearer ${key.key}` };
    const res = await restGet(new Request("http://localhost/api/v1/customers?q=asha", { headers: auth }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("q");
    const ok = await restGet(
      new Request("http://localhost/api/v1/customers?search=asha&limit=5", { headers: auth }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ data: [], nextCursor: null, total: 0, totalIsExact: true });
  });
});
