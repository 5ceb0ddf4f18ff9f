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
