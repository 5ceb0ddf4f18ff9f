import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, PATCH, POST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { presetSegments } from "@/server/domain/segments";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const asOwner = callerFor(db, owner);
  const businessId = business.id;
  const people = [
    { name: "Asha Rao", email: "asha@example.com", tags: ["vip"], city: "Pune" },
    { name: "Ravi Kumar", phone: "+91 94918 83981", tags: ["vip", "wholesale"], city: "Mumbai" },
    { name: "Meera Shah", email: "meera@example.com", tags: [], city: "Pune" },
  ];
  for (const p of people) await asOwner.customers.create({ businessId, ...p });
  return { owner, business, businessId, asOwner };
}

const vipInPune = {
  match: "all" as const,
  conditions: [
    { field: "tags", op: "has_any", value: ["vip"] },
    { field: "city", op: "eq", value: "pune" },
  ],
};

describe("segments", () => {
  it("every business starts with the preset segments, which count its customers", async () => {
    const { businessId, asOwner } = await setup();
    const { data } = await asOwner.segments.list({ businessId });
    expect(data.map((s) => s.preset).sort()).toEqual(presetSegments.map((p) => p.preset).sort());
    const byPreset = Object.fromEntries(data.map((s) => [s.preset, s]));
    // All three were added just now; two have an email and no refusal; none opted in to WhatsApp.
    expect(await asOwner.segments.count({ businessId, segmentId: byPreset.new!.id })).toEqual({ count: 3 });
    expect(await asOwner.segments.count({ businessId, segmentId: byPreset.inactive!.id })).toEqual({
      count: 0,
    });
    expect(await asOwner.segments.count({ businessId, segmentId: byPreset.email_reachable!.id })).toEqual({
      count: 2,
    });
    expect(await asOwner.segments.count({ businessId, segmentId: byPreset.whatsapp_reachable!.id })).toEqual({
      count: 0,
    });
  });

  it("saves, previews, renames, duplicates and deletes a segment", async () => {
    const { businessId, asOwner } = await setup();
    const preview = await asOwner.segments.preview({ businessId, rules: vipInPune });
    expect(preview.count).toBe(1);
    expect(preview.sample.map((c) => c.name)).toEqual(["Asha Rao"]);
    const any = await asOwner.segments.preview({
      businessId,
      rules: { ...vipInPune, match: "any" },
      limit: 2,
    });
    expect(any.count).toBe(3);
    expect(any.sample).toHaveLength(2);

    const saved = await asOwner.segments.create({ businessId, name: "VIP in Pune", rules: vipInPune });
    expect(saved).toMatchObject({ name: "VIP in Pune", description: null, preset: null, rules: vipInPune });
    expect(await asOwner.segments.get({ businessId, segmentId: saved.id })).toEqual(saved);
    await expectTRPCError(
      asOwner.segments.create({ businessId, name: "vip in pune", rules: vipInPune }),
      "CONFLICT",
    );

    const renamed = await asOwner.segments.update({
      businessId,
      segmentId: saved.id,
      name: "Pune VIPs",
      rules: { match: "all", conditions: [{ field: "tags", op: "has_all", value: ["vip", "wholesale"] }] },
    });
    expect(renamed.name).toBe("Pune VIPs");
    expect(await asOwner.segments.count({ businessId, segmentId: saved.id })).toEqual({ count: 1 });

    const copy = await asOwner.segments.duplicate({ businessId, segmentId: saved.id });
    const copy2 = await asOwner.segments.duplicate({ businessId, segmentId: saved.id });
    expect([copy.name, copy2.name]).toEqual(["Pune VIPs (copy)", "Pune VIPs (copy 2)"]);
    expect(copy.rules).toEqual(renamed.rules);

    expect(await asOwner.segments.delete({ businessId, segmentId: copy.id })).toEqual({ id: copy.id });
    await expectTRPCError(asOwner.segments.get({ businessId, segmentId: copy.id }), "NOT_FOUND");
  });

  it("names the path of each mistake in the rules, and refuses hostile rules without an error from the database", async () => {
    const { businessId, asOwner } = await setup();
    const err = await asOwner.segments
      .create({
        businessId,
        name: "Broken",
        rules: {
          match: "all",
          conditions: [
            { field: "tags", op: "has_any", value: ["vip"] },
            { match: "any", conditions: [{ field: "createdAt", op: "contains", value: "x" }] },
          ],
        },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    const fields = (err as { cause?: { fieldErrors?: Record<string, string> } }).cause?.fieldErrors;
    expect(Object.keys(fields ?? {})).toEqual(["rules.conditions[1].conditions[0].op"]);

    // Quotes, wildcards and SQL fragments are values: they match nothing here and break nothing.
    for (const value of ["'; drop table customers; --", "%", "_", "\\", "a'b\"c"]) {
      const r = await asOwner.segments.preview({
        businessId,
        rules: { match: "any", conditions: [{ field: "name", op: "contains", value }] },
      });
      expect(r.count, value).toBe(0);
    }
    let deep: unknown = { field: "name", op: "is_empty" };
    for (let i = 0; i < 50; i++) deep = { match: "all", conditions: [deep] };
    await expectTRPCError(
      asOwner.segments.preview({ businessId, rules: deep as typeof vipInPune }),
      "BAD_REQUEST",
    );
  });

  it("members read and write segments; REST serves them to the business's API key", async () => {
    const { business, businessId } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const asMember = callerFor(db, member);
    const mine = await asMember.segments.create({ businessId, name: "Mine", rules: vipInPune });
    expect(mine.name).toBe("Mine");

    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
    const url = (p: string) => `http://localhost:3000/api/v1${p}`;
    const list = await GET(new Request(url("/segments"), { headers: auth }));
    expect(list.status).toBe(200);
    const names = ((await list.json()) as { data: { name: string }[] }).data.map((s) => s.name);
    expect(names).toContain("Mine");

    const created = await POST(
      new Request(url("/segments"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "From REST", rules: vipInPune }),
      }),
    );
    expect(created.status).toBe(200);
    const segment = (await created.json()) as { id: string };
    const count = await GET(new Request(url(`/segments/${segment.id}/count`), { headers: auth }));
    expect(await count.json()).toEqual({ count: 1 });

    const preview = await POST(
      new Request(url("/segments/preview"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ rules: vipInPune }),
      }),
    );
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { count: number }).count).toBe(1);

    const bad = await POST(
      new Request(url("/segments/preview"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          rules: { match: "all", conditions: [{ field: "city", op: "has_any", value: 3 }] },
        }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("rules.conditions[0].op");

    const patched = await PATCH(
      new Request(url(`/segments/${segment.id}`), {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ name: "Renamed" }),
      }),
    );
    expect(((await patched.json()) as { name: string }).name).toBe("Renamed");
    const deleted = await DELETE(
      new Request(url(`/segments/${segment.id}`), { method: "DELETE", headers: auth }),
    );
    expect(deleted.status).toBe(200);
    const gone = await GET(new Request(url(`/segments/${segment.id}`), { headers: auth }));
    expect(gone.status).toBe(404);
  });
});

describe("segments in the customers list, count, export and REST", () => {
  it("filter the list and its total by segmentId or rules, and refuse another business's segment", async () => {
    const { business, businessId, asOwner } = await setup();
    const segment = await asOwner.segments.create({ businessId, name: "VIP in Pune", rules: vipInPune });
    const bySegment = await asOwner.customers.list({ businessId, filter: { segmentId: segment.id } });
    expect(bySegment.data.map((c) => c.name)).toEqual(["Asha Rao"]);
    expect(bySegment.total).toBe(1);
    const byRules = await asOwner.customers.count({
      businessId,
      filter: { rules: { match: "any", conditions: [{ field: "city", op: "eq", value: "Mumbai" }] } },
    });
    expect(byRules).toEqual({ total: 1, totalIsExact: true });
    // Rules AND the list's own filters.
    const both = await asOwner.customers.list({
      businessId,
      filter: { segmentId: segment.id, search: "ravi" },
    });
    expect(both.data).toEqual([]);
    const err = await asOwner.customers
      .list({
        businessId,
        filter: { rules: { match: "all", conditions: [{ field: "tags", op: "eq", value: "x" }] } },
      })
      .catch((e: unknown) => e);
    expect((err as { cause?: { fieldErrors?: Record<string, string> } }).cause?.fieldErrors).toHaveProperty([
      "filter.rules.conditions[0].op",
    ]);

    const other = await setup();
    const theirs = await other.asOwner.segments.create({
      businessId: other.businessId,
      name: "Theirs",
      rules: vipInPune,
    });
    await expectTRPCError(
      asOwner.customers.list({ businessId, filter: { segmentId: theirs.id } }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.customers.count({ businessId, filter: { segmentId: theirs.id } }),
      "NOT_FOUND",
    );

    const key = await createApiKeyFor(db, business);
    const res = await GET(
      new Request(`http://localhost:3000/api/v1/customers?segmentId=${segment.id}`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string }[]; total: number };
    expect(body.data.map((c) => c.name)).toEqual(["Asha Rao"]);
    expect(body.total).toBe(1);
    const foreign = await GET(
      new Request(`http://localhost:3000/api/v1/customers?segmentId=${theirs.id}`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(foreign.status).toBe(404);
  });

  it("starts a segment from the list's filter: the same customers, without what a segment cannot hold", async () => {
    const { businessId, asOwner } = await setup();
    const pune = await asOwner.segments.create({
      businessId,
      name: "Pune or Mumbai",
      rules: {
        match: "any",
        conditions: [
          { field: "city", op: "eq", value: "pune" },
          { field: "city", op: "eq", value: "mumbai" },
        ],
      },
    });
    const filter = { tags: { any: ["vip"] }, hasEmail: true, segmentId: pune.id, search: "asha" };
    const { rules, leftOut } = await asOwner.segments.rulesFromFilter({ businessId, filter });
    expect(leftOut).toEqual(["search"]);
    expect(rules).toEqual({
      match: "all",
      conditions: [
        { field: "tags", op: "has_any", value: ["vip"] },
        { field: "email", op: "is_not_empty" },
        {
          match: "any",
          conditions: [
            { field: "city", op: "eq", value: "pune" },
            { field: "city", op: "eq", value: "mumbai" },
          ],
        },
      ],
    });
    const { search: _, ...withoutSearch } = filter;
    const listed = await asOwner.customers.list({ businessId, filter: withoutSearch });
    const saved = await asOwner.segments.create({ businessId, name: "From the list", rules });
    const inSegment = await asOwner.customers.list({ businessId, filter: { segmentId: saved.id } });
    expect(inSegment.data.map((c) => c.id)).toEqual(listed.data.map((c) => c.id));
    expect(inSegment.data.map((c) => c.name)).toEqual(["Asha Rao"]);

    const other = await setup();
    const theirs = await other.asOwner.segments.create({
      businessId: other.businessId,
      name: "Theirs",
      rules: vipInPune,
    });
    await expectTRPCError(
      asOwner.segments.rulesFromFilter({ businessId, filter: { segmentId: theirs.id } }),
      "NOT_FOUND",
    );
    const wrong = await asOwner.segments
      .rulesFromFilter({ businessId, filter: { customFields: [{ key: "gone", op: "isSet" }] } })
      .catch((e: unknown) => e);
    expect((wrong as { cause?: { fieldErrors?: Record<string, string> } }).cause?.fieldErrors).toEqual({
      "filter.customFields[0].key": 'This business has no custom field "gone".',
    });
  });
});
