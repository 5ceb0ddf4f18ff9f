import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { businessMembers, imports, invitations } from "@/db/schema";
import { customers, customFields, noteAttachments, notes, savedViews, tasks } from "@/db/schema/customers";
import { appRouter, createCaller } from "@/server/api/root";
import { businessInput, type Context, type Meta } from "@/server/api/trpc";
import { type Permission, type Role, rolePermissions, roles } from "@/server/auth/permissions";
import { createApiKey } from "@/server/services/api-keys";
import { ensureUser } from "@/server/services/auth";
import { createBusiness } from "@/server/services/businesses";
import { testDb } from "../helpers/db";

/**
 * Walks every procedure of appRouter (no hand-written list) and proves tenancy:
 * 1. a member of business A gets NOT_FOUND when naming business B;
 * 2. with A named, every id field pointing at B's records gets NOT_FOUND;
 * 3. a role without the procedure's permission gets FORBIDDEN;
 * 4. an API key of A gets NOT_FOUND for B.
 * A new business procedure is covered with no extra work; a new kind of id field fails test 2 until a
 * record of B is registered for it below.
 */

interface Proc {
  _def: { inputs: z.ZodType[]; meta?: Meta; type: "query" | "mutation" | "subscription" };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);
const businessProcedures = procedures.filter(([, p]) => p._def.inputs.includes(businessInput));

let db: Db;
const unique = randomUUID().slice(0, 8);
const users = {} as Record<
  Role | "outsider",
  { id: string; email: string; name: string | null; isPlatformAdmin: boolean }
>;
let bizA: { id: string };
let bizB: { id: string };
let apiKeyA: { id: string; businessId: string };
/** B's records, by the input field that names them. */
const recordsOfB: Record<string, string> = {};

function ctxFor(user: (typeof users)[keyof typeof users] | null, apiKey: Context["apiKey"] = null): Context {
  return { db, user, apiKey, ip: "127.0.0.1" };
}

function call(caller: ReturnType<typeof createCaller>, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller);
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `non-tRPC error: ${String(e)}`;
  }
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  items?: JsonSchema;
  minimum?: number;
  minLength?: number;
};

/** The merged JSON Schema of a procedure's inputs (each `.input()` adds an object). */
function inputSchema(p: Proc): JsonSchema {
  const merged: JsonSchema = { type: "object", properties: {}, required: [] };
  for (const input of p._def.inputs) {
    const js = z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema;
    Object.assign(merged.properties!, js.properties ?? {});
    merged.required!.push(...(js.required ?? []));
  }
  return merged;
}

/** A valid-looking value for a JSON Schema node. */
function sample(name: string, s: JsonSchema): unknown {
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) return sample(name, options.find((x) => x.type !== "null") ?? options[0]!);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      if (s.format === "uuid") return randomUUID();
      if (s.format === "email") return `walker-${randomUUID().slice(0, 6)}@example.com`;
      if (name.toLowerCase().includes("slug")) return `walker-${randomUUID().slice(0, 6)}`;
      return "x".repeat(Math.max(s.minLength ?? 0, 12));
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([k]) => s.required?.includes(k))
          .map(([k, v]) => [k, sample(k, v)]),
      );
    default:
      return null;
  }
}

/** Input for `p` naming `businessId`; with `idsFromB`, every other id field names one of B's records. */
function inputFor(path: string, p: Proc, businessId: string, idsFromB: boolean): Record<string, unknown> {
  const schema = inputSchema(p);
  const input: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (key === "businessId") continue;
    const isId = /Id$/.test(key);
    // A list of ids (`customerIds`) names one record of B, registered under the singular (`customerId`).
    const isIds = /Ids$/.test(key);
    if ((isId || isIds) && idsFromB) {
      const id = recordsOfB[isIds ? key.slice(0, -1) : key];
      if (!id) throw new Error(`${path}: register a record of business B for input field "${key}"`);
      input[key] = isIds ? [id] : id;
    } else if (schema.required?.includes(key)) {
      input[key] = sample(key, prop);
    }
  }
  input.businessId = businessId;
  return input;
}

beforeAll(async () => {
  db = (await testDb()).db;
  for (const who of [...roles, "outsider"] as const) {
    users[who] = await ensureUser(db, { email: `walker-${who}-${unique}@example.com`, name: who });
  }
  const businessFields = {
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
    category: null,
    description: null,
    phone: null,
    whatsappNumber: null,
  };
  bizA = await createBusiness(db, users.owner.id, {
    ...businessFields,
    name: "A",
    slug: `walker-a-${unique}`,
  });
  bizB = await createBusiness(db, users.outsider.id, {
    ...businessFields,
    name: "B",
    slug: `walker-b-${unique}`,
  });
  await db.insert(businessMembers).values([
    { businessId: bizA.id, userId: users.admin.id, role: "admin" },
    { businessId: bizA.id, userId: users.member.id, role: "member" },
  ]);
  const keyA = await createApiKey(db, { businessId: bizA.id, userId: users.owner.id }, { name: "A key" });
  apiKeyA = { id: keyA.id, businessId: bizA.id };

  // Records of B, one per kind of id that procedures take.
  const keyB = await createApiKey(db, { businessId: bizB.id, userId: users.outsider.id }, { name: "B key" });
  recordsOfB.apiKeyId = keyB.id;
  const bMember = await ensureUser(db, { email: `walker-bmember-${unique}@example.com` });
  const [m] = await db
    .insert(businessMembers)
    .values({ businessId: bizB.id, userId: bMember.id, role: "member" })
    .returning();
  recordsOfB.memberId = m!.id;
  const [inv] = await db
    .insert(invitations)
    .values({
      businessId: bizB.id,
      email: `walker-invitee-${unique}@example.com`,
      role: "member",
      tokenHash: `walker-${unique}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  recordsOfB.invitationId = inv!.id;

  // Customers of B: one named by customerId/survivorId, another by mergedIds; B's member as an owner.
  const [customerB, otherCustomerB] = await db
    .insert(customers)
    .values([
      { businessId: bizB.id, name: "B customer 1" },
      { businessId: bizB.id, name: "B customer 2" },
    ])
    .returning();
  recordsOfB.customerId = customerB!.id;
  recordsOfB.survivorId = customerB!.id;
  recordsOfB.mergedId = otherCustomerB!.id;
  recordsOfB.ownerId = bMember.id;
  // Not a reference (the id a customer has in another system): any value will do.
  recordsOfB.externalId = `walker-${unique}`;

  // Custom fields, notes, attachments, tasks and saved views of B (and B's member as an assignee).
  const [customerOfB] = await db
    .insert(customers)
    .values({ businessId: bizB.id, name: "B customer" })
    .returning();
  recordsOfB.customerId ??= customerOfB!.id;
  recordsOfB.assigneeId = bMember.id;
  const [fieldOfB] = await db
    .insert(customFields)
    .values({ businessId: bizB.id, key: "b_field", label: "B field", type: "text" })
    .returning();
  recordsOfB.customFieldId = fieldOfB!.id;
  const [noteOfB] = await db
    .insert(notes)
    .values({ businessId: bizB.id, customerId: customerOfB!.id, body: "<p>B</p>" })
    .returning();
  recordsOfB.noteId = noteOfB!.id;
  const [attachmentOfB] = await db
    .insert(noteAttachments)
    .values({
      businessId: bizB.id,
      noteId: noteOfB!.id,
      fileName: "b.txt",
      contentType: "text/plain",
      size: 1,
      storageKey: `${bizB.id}/${randomUUID()}`,
    })
    .returning();
  recordsOfB.attachmentId = attachmentOfB!.id;
  const [taskOfB] = await db
    .insert(tasks)
    .values({ businessId: bizB.id, title: "B task", customerId: customerOfB!.id, assigneeId: bMember.id })
    .returning();
  recordsOfB.taskId = taskOfB!.id;
  const [viewOfB] = await db.insert(savedViews).values({ businessId: bizB.id, name: "B view" }).returning();
  recordsOfB.savedViewId = viewOfB!.id;
  const [importOfB] = await db
    .insert(imports)
    .values({
      businessId: bizB.id,
      fileName: "b.csv",
      fileType: "csv",
      fileSize: 10,
      storageKey: `walker-${unique}`,
    })
    .returning();
  recordsOfB.importId = importOfB!.id;
});

describe("cross-business isolation, every business procedure", () => {
  it("finds business procedures by walking the router", () => {
    expect(businessProcedures.length).toBeGreaterThanOrEqual(10);
    // Any procedure that takes a businessId must go through businessProcedure.
    for (const [path, p] of procedures) {
      const takesBusinessId = Boolean(inputSchema(p).properties?.businessId);
      expect(takesBusinessId ? p._def.inputs.includes(businessInput) : true, path).toBe(true);
    }
  });

  it.each(businessProcedures)("%s: a member of A naming business B gets NOT_FOUND", async (path, p) => {
    const caller = createCaller(ctxFor(users.owner));
    expect(await codeOf(call(caller, path, inputFor(path, p, bizB.id, false)))).toBe("NOT_FOUND");
  });

  it.each(businessProcedures)("%s: an API key of A naming business B gets NOT_FOUND", async (path, p) => {
    const caller = createCaller(ctxFor(null, apiKeyA));
    expect(await codeOf(call(caller, path, inputFor(path, p, bizB.id, false)))).toBe("NOT_FOUND");
  });

  const withIds = businessProcedures.filter(([, p]) =>
    Object.keys(inputSchema(p).properties ?? {}).some((k) => k !== "businessId" && /Ids?$/.test(k)),
  );
  it.each(withIds)("%s: ids of B's records under business A get NOT_FOUND", async (path, p) => {
    const caller = createCaller(ctxFor(users.owner));
    expect(await codeOf(call(caller, path, inputFor(path, p, bizA.id, true)))).toBe("NOT_FOUND");
  });

  const guarded = businessProcedures.flatMap(([path, p]) => {
    const permission = p._def.meta?.permission as Permission | undefined;
    if (!permission) return [];
    return roles.filter((r) => !rolePermissions[r].has(permission)).map((r) => [path, r, p] as const);
  });
  it("has role/permission pairs to check", () => {
    expect(guarded.length).toBeGreaterThan(0);
  });
  it.each(guarded)("%s: role %s without the permission gets FORBIDDEN", async (path, role, p) => {
    const caller = createCaller(ctxFor(users[role]));
    expect(await codeOf(call(caller, path, inputFor(path, p, bizA.id, false)))).toBe("FORBIDDEN");
  });

  it("a signed-out caller gets UNAUTHORIZED from every business procedure", async () => {
    const caller = createCaller(ctxFor(null));
    for (const [path, p] of businessProcedures) {
      expect(await codeOf(call(caller, path, inputFor(path, p, bizA.id, false))), path).toBe("UNAUTHORIZED");
    }
  });
});
