import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  businessMembers,
  campaigns,
  formSubmissions,
  imports,
  invitations,
  invoicePayments,
  invoices,
  leadForms,
  leadFormVersions,
  messageTemplates,
  products,
  recurringInvoices,
  segments,
} from "@/db/schema";
import { customers, customFields, noteAttachments, notes, savedViews, tasks } from "@/db/schema/customers";
import { appRouter, createCaller } from "@/server/api/root";
import { businessInput, type Context, type Meta } from "@/server/api/trpc";
import { type Permission, type Role, rolePermissions, roles } from "@/server/auth/permissions";
import { createApiKey } from "@/server/services/api-keys";
import { ensureUser } from "@/server/services/auth";
import { createBusiness } from "@/server/services/businesses";
import { testDb } from "../helpers/db";

/**
 * Walks every procedure of appRouter, every route handler under app/api and every page and layout under
 * app/(app)/b/[businessSlug] (found on disk: no hand-written list to forget) and proves tenancy.
 * Procedures:
 * 1. a member of business A gets NOT_FOUND when naming business B;
 * 2. with A named, every id field pointing at B's records gets NOT_FOUND;
 * 3. a role without the procedure's permission gets FORBIDDEN;
 * 4. an API key of A gets NOT_FOUND for B.
 * A new business procedure is covered with no extra work; a new kind of id field fails test 2 until a
 * record of B is registered for it below.
 * Route handlers: each file must have an entry in `routeCases` (its requests naming B's business or
 * records: 404 for a member of A and for A's API key, 403 for A's roles without the permission, 401
 * signed out) or in `routesOutsideBusinesses` with the reason.
 * Pages and layouts: each is called as a member of A with B's slug and with A's slug but B's record ids
 * (404), as A's roles without the permission the page asks `loadBusinessWith` for (403), signed out
 * (redirect to sign-in), and as A's owner (admitted).
 */

// Route handlers and pages read the session through `getSessionUser`; the test chooses who is signed in.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean },
}));
vi.mock("@/server/auth", () => ({ getSessionUser: async () => session.user }));
vi.mock("server-only", () => ({}));
// What Next's navigation interrupts throw, as values the test can tell apart.
const interrupt = vi.hoisted(() => ({
  Interrupt: class Interrupt extends Error {
    constructor(readonly kind: "NOT_FOUND" | "FORBIDDEN" | "REDIRECT") {
      super(kind);
    }
  },
}));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  notFound: () => {
    throw new interrupt.Interrupt("NOT_FOUND");
  },
  forbidden: () => {
    throw new interrupt.Interrupt("FORBIDDEN");
  },
  redirect: () => {
    throw new interrupt.Interrupt("REDIRECT");
  },
}));

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
/** The plain API key of A, for route handlers. */
let apiKeyAText: string;
let bizASlug: string;
let bizBSlug: string;
/** A's own import, for the role checks of the error-file download. */
let importOfA: string;
/** A customer of A, for the owner's admitted visit to the customer page. */
let customerOfA: string;
/** A segment of A, for the owner's admitted visit to the segment's page. */
let segmentOfA: string;
/** A draft campaign of A, for the owner's admitted visits to the campaign's pages. */
let campaignOfA: string;
/** An email template of A, for the owner's admitted visit to the template's page. */
let templateOfA: string;
/** A lead form of A, for the owner's admitted visits to the form's pages. */
let formOfA: string;
let invoiceOfA: string;
let recurringOfA: string;
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
      if (/Date$/.test(name)) return "2026-01-01";
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

/** Ids in a provider's system (Meta's WhatsApp phone number and business account), not records of ours. */
const providerIds = new Set(["whatsappPhoneNumberId", "whatsappWabaId"]);

/** Input for `p` naming `businessId`; with `idsFromB`, every other id field names one of B's records. */
function inputFor(path: string, p: Proc, businessId: string, idsFromB: boolean): Record<string, unknown> {
  const schema = inputSchema(p);
  const input: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (key === "businessId") continue;
    const isId = /Id$/.test(key) && !providerIds.has(key);
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
  apiKeyAText = keyA.key;
  bizASlug = `walker-a-${unique}`;
  bizBSlug = `walker-b-${unique}`;
  const [ownImport] = await db
    .insert(imports)
    .values({
      businessId: bizA.id,
      fileName: "a.csv",
      fileType: "csv",
      fileSize: 10,
      storageKey: `walker-a-${unique}`,
    })
    .returning();
  importOfA = ownImport!.id;
  const [ownCustomer] = await db
    .insert(customers)
    .values({ businessId: bizA.id, name: "A customer" })
    .returning();
  customerOfA = ownCustomer!.id;
  const [ownSegment] = await db
    .insert(segments)
    .values({ businessId: bizA.id, name: "A segment", rules: { match: "all", conditions: [] } })
    .returning();
  segmentOfA = ownSegment!.id;
  const [ownCampaign] = await db
    .insert(campaigns)
    .values({ businessId: bizA.id, name: "A campaign", channel: "email", audience: { type: "everyone" } })
    .returning();
  campaignOfA = ownCampaign!.id;
  const [ownTemplate] = await db
    .insert(messageTemplates)
    .values({ businessId: bizA.id, channel: "email", name: "A template", subject: "A", blocks: [] })
    .returning();
  templateOfA = ownTemplate!.id;
  const leadFormDraft = { fields: [], settings: { title: "Walker" } };
  const [ownForm] = await db
    .insert(leadForms)
    .values({ businessId: bizA.id, name: "A form", draft: leadFormDraft })
    .returning();
  formOfA = ownForm!.id;
  const [ownInvoice] = await db.insert(invoices).values({ businessId: bizA.id, currency: "INR" }).returning();
  invoiceOfA = ownInvoice!.id;
  const [ownRecurring] = await db
    .insert(recurringInvoices)
    .values({
      businessId: bizA.id,
      name: "A membership",
      frequency: "monthly",
      startDate: "2026-01-01",
      currency: "INR",
      status: "paused",
    })
    .returning();
  recurringOfA = ownRecurring!.id;

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
  const [segmentOfB] = await db
    .insert(segments)
    .values({ businessId: bizB.id, name: "B segment", rules: { match: "all", conditions: [] } })
    .returning();
  recordsOfB.segmentId = segmentOfB!.id;
  const [campaignOfB] = await db
    .insert(campaigns)
    .values({ businessId: bizB.id, name: "B campaign", channel: "email", audience: { type: "everyone" } })
    .returning();
  recordsOfB.campaignId = campaignOfB!.id;
  const [templateOfB] = await db
    .insert(messageTemplates)
    .values({
      businessId: bizB.id,
      channel: "email",
      name: "B template",
      subject: "B",
      blocks: [{ type: "text", text: "B" }],
    })
    .returning();
  recordsOfB.emailTemplateId = templateOfB!.id;
  const [whatsappTemplateOfB] = await db
    .insert(messageTemplates)
    .values({
      businessId: bizB.id,
      channel: "whatsapp",
      name: "b_template",
      language: "en",
      status: "APPROVED",
    })
    .returning();
  recordsOfB.templateId = whatsappTemplateOfB!.id;
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
  const [formOfB] = await db
    .insert(leadForms)
    .values({ businessId: bizB.id, name: "B form", draft: leadFormDraft })
    .returning();
  recordsOfB.formId = formOfB!.id;
  const [versionOfB] = await db
    .insert(leadFormVersions)
    .values({ businessId: bizB.id, formId: formOfB!.id, version: 1, definition: leadFormDraft })
    .returning();
  const [submissionOfB] = await db
    .insert(formSubmissions)
    .values({
      businessId: bizB.id,
      formId: formOfB!.id,
      versionId: versionOfB!.id,
      status: "spam",
      answers: { name: "B visitor" },
    })
    .returning();
  recordsOfB.submissionId = submissionOfB!.id;
  const [productOfB] = await db
    .insert(products)
    .values({ businessId: bizB.id, name: `B product ${unique}`, unitPrice: 100 })
    .returning();
  recordsOfB.productId = productOfB!.id;
  const [invoiceOfB] = await db.insert(invoices).values({ businessId: bizB.id, currency: "INR" }).returning();
  recordsOfB.invoiceId = invoiceOfB!.id;
  const [paymentOfB] = await db
    .insert(invoicePayments)
    .values({
      businessId: bizB.id,
      invoiceId: invoiceOfB!.id,
      amount: 100,
      currency: "INR",
      method: "razorpay",
      paidOn: "2026-01-01",
      provider: "razorpay",
      providerPaymentId: `pay_walker${unique}`,
    })
    .returning();
  recordsOfB.paymentId = paymentOfB!.id;
  const [recurringOfB] = await db
    .insert(recurringInvoices)
    .values({
      businessId: bizB.id,
      name: "B membership",
      frequency: "monthly",
      startDate: "2026-01-01",
      currency: "INR",
      nextRunOn: "2026-01-01",
    })
    .returning();
  recordsOfB.recurringInvoiceId = recurringOfB!.id;
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
    Object.keys(inputSchema(p).properties ?? {}).some(
      (k) => k !== "businessId" && !providerIds.has(k) && /Ids?$/.test(k),
    ),
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

// ---------------------------------------------------------------------------------------------------
// Route handlers
// ---------------------------------------------------------------------------------------------------

const appDir = path.resolve(import.meta.dirname, "../../app");

/** Files named `name` under `dir`, relative to app/, in a stable order. */
function filesNamed(dir: string, names: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (names.includes(e.name)) out.push(path.relative(appDir, full));
    }
  };
  walk(dir);
  return out.sort();
}

type Handler = (req: Request, segment?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
type Who = "ownerOfA" | "apiKeyOfA" | "signedOut" | Role | "outsider";

interface RouteCall {
  /** What the request names, for the test's title. */
  what: string;
  method: "GET" | "POST";
  /** The handler's dynamic segments. */
  params?: Record<string, string>;
  /** A fresh request (bodies are single-use). */
  request: () => Request;
  /** The status expected for the caller. */
  expect: Partial<Record<Who, number>>;
}

const base = "http://localhost:3000";
function csvFile(): File {
  return new File(["Name,Email\nAsha,asha@example.com\n"], "walker.csv", { type: "text/csv" });
}
function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/**
 * Every business-scoped route handler, by file, with requests that name B (or, under A, B's records).
 * Who is signed in is set by the test; the API key is sent as a bearer token when the caller is
 * `apiKeyOfA`.
 */
const routeCases: Record<string, () => RouteCall[]> = {
  "api/attachments/route.ts": () => [
    {
      what: "business B and its note",
      method: "POST",
      request: () =>
        new Request(`${base}/api/attachments`, {
          method: "POST",
          body: form({ businessId: bizB.id, noteId: recordsOfB.noteId!, file: csvFile() }),
        }),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401 },
    },
    {
      what: "business A with B's note",
      method: "POST",
      request: () =>
        new Request(`${base}/api/attachments`, {
          method: "POST",
          body: form({ businessId: bizA.id, noteId: recordsOfB.noteId!, file: csvFile() }),
        }),
      expect: { ownerOfA: 404, apiKeyOfA: 404 },
    },
  ],
  "api/attachments/[id]/route.ts": () => [
    {
      what: "B's attachment",
      method: "GET",
      params: { id: recordsOfB.attachmentId! },
      request: () => new Request(`${base}/api/attachments/${recordsOfB.attachmentId}`),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401 },
    },
  ],
  "api/customers/export/route.ts": () => [
    {
      what: "business B by id",
      method: "GET",
      request: () => new Request(`${base}/api/customers/export?businessId=${bizB.id}`),
      expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
    },
    {
      what: "business B by slug",
      method: "GET",
      request: () => new Request(`${base}/api/customers/export?slug=${bizBSlug}`),
      expect: { ownerOfA: 404 },
    },
    {
      what: "business A with B's customer selected",
      method: "GET",
      request: () =>
        new Request(`${base}/api/customers/export?businessId=${bizA.id}&ids=${recordsOfB.customerId}`),
      expect: { ownerOfA: 404 },
    },
    {
      what: "business B in a JSON body",
      method: "POST",
      request: () =>
        new Request(`${base}/api/customers/export`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ businessId: bizB.id }),
        }),
      expect: { ownerOfA: 404, signedOut: 401 },
    },
  ],
  "api/offline/mutations/route.ts": () => {
    const post = (businessId: string, op: Record<string, unknown>) => () =>
      new Request(`${base}/api/offline/mutations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          key: randomUUID(),
          businessId,
          userId: users.owner.id,
          queuedAt: new Date().toISOString(),
          op,
        }),
      });
    return [
      {
        what: "a note on B's customer, in business B",
        method: "POST",
        request: post(bizB.id, { kind: "note.create", customerId: recordsOfB.customerId, body: "x" }),
        expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
      },
      {
        what: "business A with B's customer",
        method: "POST",
        request: post(bizA.id, { kind: "note.create", customerId: recordsOfB.customerId, body: "x" }),
        expect: { ownerOfA: 404 },
      },
      {
        what: "business A completing B's task",
        method: "POST",
        request: post(bizA.id, { kind: "task.complete", taskId: recordsOfB.taskId }),
        expect: { ownerOfA: 404 },
      },
      {
        what: "business A editing B's customer",
        method: "POST",
        request: post(bizA.id, {
          kind: "customer.update",
          customerId: recordsOfB.customerId,
          changes: { city: "Pune" },
          base: { city: null },
        }),
        expect: { ownerOfA: 404 },
      },
    ];
  },
  "api/offline/snapshot/route.ts": () => [
    {
      what: "business B",
      method: "GET",
      request: () => new Request(`${base}/api/offline/snapshot?businessId=${bizB.id}`),
      expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
    },
    {
      what: "business A with B's customer",
      method: "GET",
      request: () =>
        new Request(`${base}/api/offline/snapshot?businessId=${bizA.id}&customerId=${recordsOfB.customerId}`),
      expect: { ownerOfA: 404 },
    },
  ],
  "api/imports/route.ts": () => [
    {
      what: "business B",
      method: "POST",
      request: () =>
        new Request(`${base}/api/imports`, {
          method: "POST",
          body: form({ businessId: bizB.id, file: csvFile() }),
        }),
      expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
    },
    {
      what: "business A",
      method: "POST",
      request: () =>
        new Request(`${base}/api/imports`, {
          method: "POST",
          body: form({ businessId: bizA.id, file: csvFile() }),
        }),
      expect: { member: 403 },
    },
  ],
  "api/purchases/imports/route.ts": () => [
    {
      what: "business B",
      method: "POST",
      request: () =>
        new Request(`${base}/api/purchases/imports`, {
          method: "POST",
          body: form({ businessId: bizB.id, file: csvFile() }),
        }),
      expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
    },
  ],
  "api/v1/purchases/imports/route.ts": () => [
    {
      what: "the key's business",
      method: "POST",
      request: () =>
        new Request(`${base}/api/v1/purchases/imports`, { method: "POST", body: form({ file: csvFile() }) }),
      expect: { ownerOfA: 401, signedOut: 401 },
    },
  ],
  "api/products/imports/route.ts": () => [
    {
      what: "business B",
      method: "POST",
      request: () =>
        new Request(`${base}/api/products/imports`, {
          method: "POST",
          body: form({ businessId: bizB.id, file: csvFile() }),
        }),
      expect: { ownerOfA: 404, signedOut: 401, apiKeyOfA: 401 },
    },
  ],
  "api/v1/products/imports/route.ts": () => [
    {
      what: "the key's business",
      method: "POST",
      request: () =>
        new Request(`${base}/api/v1/products/imports`, { method: "POST", body: form({ file: csvFile() }) }),
      expect: { ownerOfA: 401, signedOut: 401 },
    },
  ],
  "api/imports/[id]/errors/route.ts": () => [
    {
      what: "B's import",
      method: "GET",
      params: { id: recordsOfB.importId! },
      request: () => new Request(`${base}/api/imports/${recordsOfB.importId}/errors`),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401 },
    },
    {
      what: "A's import",
      method: "GET",
      params: { id: importOfA },
      request: () => new Request(`${base}/api/imports/${importOfA}/errors`),
      expect: { member: 403 },
    },
  ],
  "api/campaigns/[id]/recipients/route.ts": () => [
    {
      what: "B's campaign",
      method: "GET",
      params: { id: recordsOfB.campaignId! },
      request: () => new Request(`${base}/api/campaigns/${recordsOfB.campaignId}/recipients`),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401 },
    },
  ],
  "api/lead-forms/[id]/export/route.ts": () => [
    {
      what: "B's lead form",
      method: "GET",
      params: { id: recordsOfB.formId! },
      request: () => new Request(`${base}/api/lead-forms/${recordsOfB.formId}/export?format=csv`),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401, member: 404 },
    },
  ],
  "api/invoices/[id]/pdf/route.ts": () => [
    {
      what: "B's invoice PDF",
      method: "GET",
      params: { id: recordsOfB.invoiceId! },
      request: () => new Request(`${base}/api/invoices/${recordsOfB.invoiceId}/pdf`),
      expect: { ownerOfA: 404, apiKeyOfA: 404, signedOut: 401, member: 404 },
    },
  ],
  "api/v1/invoices/[id]/pdf/route.ts": () => [
    {
      what: "B's invoice PDF through REST",
      method: "GET",
      params: { id: recordsOfB.invoiceId! },
      request: () => new Request(`${base}/api/v1/invoices/${recordsOfB.invoiceId}/pdf`),
      expect: { apiKeyOfA: 404, ownerOfA: 401, signedOut: 401 },
    },
  ],
  // REST v1 routes act on the API key's own business only: no request can name another. A session cookie
  // does not authenticate them.
  "api/v1/customers/export/route.ts": () => [
    {
      what: "the key's business",
      method: "GET",
      request: () => new Request(`${base}/api/v1/customers/export`),
      expect: { ownerOfA: 401, signedOut: 401 },
    },
  ],
  "api/v1/imports/route.ts": () => [
    {
      what: "the key's business",
      method: "POST",
      request: () =>
        new Request(`${base}/api/v1/imports`, { method: "POST", body: form({ file: csvFile() }) }),
      expect: { ownerOfA: 401, signedOut: 401 },
    },
  ],
  "api/v1/[...path]/route.ts": () => [
    {
      what: "B's customer through REST",
      method: "GET",
      params: { path: `customers/${recordsOfB.customerId}` },
      request: () => new Request(`${base}/api/v1/customers/${recordsOfB.customerId}`),
      expect: { apiKeyOfA: 404, ownerOfA: 401, signedOut: 401 },
    },
  ],
};

/** Route handlers that act on no business, and why. */
const routesOutsideBusinesses: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts": "Auth.js sign-in and session endpoints",
  "api/auth-forms/[form]/route.ts": "sign-up, forgot and reset password forms (no business yet)",
  "api/docs/route.ts": "the public API reference page",
  "api/forms/[formId]/route.ts":
    "a published lead form by its public id, for visitors: the public definition only, nothing of the business",
  "api/forms/[formId]/submit/route.ts":
    "a visitor's submission to a published lead form by its public id; the form names the business",
  "api/forms/[formId]/events/route.ts": "a lead form's view and start counters, by the form's public id",
  "api/docs/assets/[...file]/route.ts": "the API reference's scripts",
  "api/health/route.ts": "liveness and readiness, no data",
  "api/inngest/route.ts": "the Inngest serve endpoint, signed by the Inngest signing key",
  "api/trpc/[trpc]/route.ts": "tRPC: every business procedure is walked above",
  "api/v1/openapi.json/route.ts": "the public OpenAPI document",
  "api/unsubscribe/[token]/route.ts":
    "unsubscribe links: the signed token names the recipient, never the caller",
  "api/webhooks/stripe/route.ts":
    "Stripe events: the payload's checkout names the business, proven by that business's signing secret",
  "api/webhooks/razorpay/route.ts":
    "Razorpay events: the payload's payment link names the business, proven by that business's webhook secret",
  "api/webhooks/resend/route.ts": "Resend delivery events, signed by Svix; the email's id names the business",
  "api/webhooks/whatsapp/route.ts":
    "Meta's webhook: the business is the owner of the payload's phone number id, proven by the app secret's signature",
};

async function callRoute(file: string, c: RouteCall, who: Who): Promise<number> {
  const mod = (await import(`@/app/${file}`)) as RouteModule;
  const handler = mod[c.method];
  if (!handler) throw new Error(`${file} has no ${c.method} handler`);
  session.user = null;
  let req = c.request();
  if (who === "apiKeyOfA") {
    const headers = new Headers(req.headers);
    headers.set("authorization", `Bearer ${apiKeyAText}`);
    req = new Request(req, { headers });
  } else if (who === "ownerOfA") session.user = users.owner;
  else if (who !== "signedOut") session.user = users[who];
  try {
    const res = await handler(req, { params: Promise.resolve(c.params ?? {}) });
    await res.body?.cancel().catch(() => {});
    return res.status;
  } finally {
    session.user = null;
  }
}

describe("cross-business isolation, every route handler", () => {
  const routeFiles = filesNamed(path.join(appDir, "api"), ["route.ts"]);

  it("knows every route handler: business-scoped ones have cases, others say why not", () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(10);
    for (const file of routeFiles) {
      expect(Boolean(routeCases[file]) || Boolean(routesOutsideBusinesses[file]), file).toBe(true);
    }
    for (const file of [...Object.keys(routeCases), ...Object.keys(routesOutsideBusinesses)]) {
      expect(routeFiles, `${file} is listed but does not exist`).toContain(file);
    }
  });

  it.each(Object.keys(routeCases))("%s: refuses callers outside the business", async (file) => {
    const calls = routeCases[file]!();
    let checked = 0;
    for (const c of calls) {
      for (const [who, status] of Object.entries(c.expect) as [Who, number][]) {
        expect(await callRoute(file, c, who), `${c.method} ${c.what} as ${who}`).toBe(status);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Pages and layouts
// ---------------------------------------------------------------------------------------------------

type PageModule = {
  default: (props: { params: Promise<Record<string, string>>; children?: unknown }) => unknown;
  generateMetadata?: (props: { params: Promise<Record<string, string>> }) => unknown;
};

const businessPagesDir = path.join(appDir, "(app)/b/[businessSlug]");

/** The permission a page asks `loadBusinessWith` for, read from its source; null for `loadBusiness`. */
function pagePermission(file: string): Permission | null {
  const src = readFileSync(path.join(appDir, file), "utf8");
  const m = src.match(/loadBusinessWith\(\s*businessSlug,\s*"([\w.]+)"/);
  return m ? (m[1] as Permission) : null;
}

async function outcome(file: string, params: Record<string, string>, who: Who): Promise<string> {
  const mod = (await import(`@/app/${file}`)) as PageModule;
  session.user =
    who === "signedOut" ? null : who === "ownerOfA" ? users.owner : users[who as Role | "outsider"];
  try {
    const props = { params: Promise.resolve(params), children: null };
    if (mod.generateMetadata) await mod.generateMetadata(props);
    await mod.default(props);
    return "ADMITTED";
  } catch (e) {
    if (e instanceof interrupt.Interrupt) return e.kind;
    // Anything else happened after the gate admitted the caller (e.g. a request-scoped API used to
    // render): the loader let it through.
    return "ADMITTED";
  } finally {
    session.user = null;
  }
}

describe("cross-business isolation, every page and layout of a business", () => {
  const pageFiles = filesNamed(businessPagesDir, ["page.tsx", "layout.tsx"]);
  const paramsFor = (slug: string, ids: "A" | "B") => ({
    businessSlug: slug,
    customerId: ids === "B" ? recordsOfB.customerId! : customerOfA,
    importId: ids === "B" ? recordsOfB.importId! : importOfA,
    segmentId: ids === "B" ? recordsOfB.segmentId! : segmentOfA,
    campaignId: ids === "B" ? recordsOfB.campaignId! : campaignOfA,
    templateId: ids === "B" ? recordsOfB.emailTemplateId! : templateOfA,
    formId: ids === "B" ? recordsOfB.formId! : formOfA,
    invoiceId: ids === "B" ? recordsOfB.invoiceId! : invoiceOfA,
    recurringInvoiceId: ids === "B" ? recordsOfB.recurringInvoiceId! : recurringOfA,
  });

  it("finds the pages, and each one loads its business through the gate", () => {
    expect(pageFiles.length).toBeGreaterThanOrEqual(12);
    for (const file of pageFiles) {
      const src = readFileSync(path.join(appDir, file), "utf8");
      expect(/loadBusiness(With)?\(/.test(src), `${file} must call loadBusiness or loadBusinessWith`).toBe(
        true,
      );
    }
  });

  it.each(pageFiles)("%s: B's slug is NOT_FOUND for a member of A; signed out redirects", async (file) => {
    expect(await outcome(file, paramsFor(bizBSlug, "A"), "ownerOfA")).toBe("NOT_FOUND");
    // B's owner, as a control, is let in with B's own records.
    expect(await outcome(file, paramsFor(bizBSlug, "B"), "outsider")).not.toBe("NOT_FOUND");
    expect(await outcome(file, paramsFor(bizASlug, "A"), "signedOut")).toBe("REDIRECT");
  });

  const withIds = pageFiles.filter((f) =>
    /\[(customerId|importId|segmentId|campaignId|templateId|formId|invoiceId|recurringInvoiceId)\]/.test(f),
  );
  it.each(withIds)("%s: B's record under A's slug is NOT_FOUND", async (file) => {
    expect(await outcome(file, paramsFor(bizASlug, "B"), "ownerOfA")).toBe("NOT_FOUND");
  });

  const guardedPages = pageFiles.flatMap((file) => {
    const permission = pagePermission(file);
    if (!permission) return [];
    return roles.filter((r) => !rolePermissions[r].has(permission)).map((r) => [file, r] as const);
  });
  it("has pages a role may not open", () => {
    expect(guardedPages.length).toBeGreaterThan(0);
  });
  it.each(guardedPages)("%s: role %s without the permission is FORBIDDEN", async (file, role) => {
    expect(await outcome(file, paramsFor(bizASlug, "A"), role)).toBe("FORBIDDEN");
  });

  it.each(pageFiles)("%s: A's owner is admitted", async (file) => {
    // The settings index page answers by redirecting to its first section.
    const admitted = file.endsWith("settings/page.tsx") ? "REDIRECT" : "ADMITTED";
    expect(await outcome(file, paramsFor(bizASlug, "A"), "ownerOfA")).toBe(admitted);
  });
});
