import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, PATCH, POST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { customFields, leadForms, leadFormVersions } from "@/db/schema";
import { CUSTOM_FIELDS_MAX } from "@/server/domain/custom-fields";
import type { LeadFormDefinitionInput } from "@/server/domain/lead-forms";
import { LEAD_FORMS_MAX } from "@/server/services/lead-forms/forms";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, country: "IN" });
  return { owner, business, businessId: business.id, asOwner: callerFor(db, owner) };
}

const quoteForm: LeadFormDefinitionInput = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
    { key: "mobile", type: "phone", label: "Mobile", required: true, mapTo: "phone", defaultCountry: "IN" },
    {
      key: "service",
      type: "select",
      label: "Service",
      options: [
        { value: "cut", label: "Haircut" },
        { value: "colour", label: "Colour" },
      ],
    },
  ],
  settings: { title: "Book a free consultation", submitLabel: "Book" },
};

describe("lead forms: drafts", () => {
  it("creates a form with name, email and phone fields, the phone in the business's country", async () => {
    const { businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({ businessId, name: "Contact" });
    expect(form).toMatchObject({
      name: "Contact",
      status: "draft",
      publishedVersion: null,
      hasUnpublishedChanges: false,
      submissionCount: 0,
      conversionRate: null,
    });
    expect(form.definition.fields.map((f) => [f.key, f.type, f.mapTo, f.required])).toEqual([
      ["name", "short_text", "name", true],
      ["email", "email", "email", true],
      ["phone", "phone", "phone", false],
    ]);
    expect(form.definition.fields[2]!.defaultCountry).toBe("IN");
    expect(form.definition.settings.title).toBe("Contact");
    expect((await asOwner.leadForms.list({ businessId })).data.map((f) => f.name)).toEqual(["Contact"]);
  });

  it("saves a draft, and names the path of each mistake in it", async () => {
    const { businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({ businessId, name: "Quote" });
    const saved = await asOwner.leadForms.update({ businessId, formId: form.id, definition: quoteForm });
    expect(saved.definition.fields.map((f) => f.key)).toEqual(["full_name", "mobile", "service"]);
    expect(saved.definition.settings.theme.primaryColor).toBe("#2563eb");

    await expectTRPCError(
      asOwner.leadForms.update({
        businessId,
        formId: form.id,
        definition: {
          fields: [
            { key: "a", type: "select", label: "Pick", options: [] },
            { key: "a", type: "short_text", label: "" },
          ],
          settings: { title: "T", theme: { primaryColor: "blue" } },
        },
      }),
      "BAD_REQUEST",
      {
        fieldErrors: {
          "definition.fields.0.options": "Add at least one choice.",
          "definition.fields.1.label": "Give the field a label.",
          "definition.settings.theme.primaryColor": "Use a colour like #2563eb.",
        },
      },
    );
    // A custom field that does not exist, and one whose type does not fit; a user who is not a member.
    await db.insert(customFields).values({ businessId, key: "visits", label: "Visits", type: "number" });
    const outsider = await createUser(db);
    await expectTRPCError(
      asOwner.leadForms.update({
        businessId,
        formId: form.id,
        definition: {
          fields: [
            { key: "name", type: "short_text", label: "Name", mapTo: "name" },
            { key: "x", type: "short_text", label: "X", mapTo: "custom.nope" },
            { key: "visits", type: "date", label: "Visits", mapTo: "custom.visits" },
            { key: "mail", type: "short_text", label: "Mail", mapTo: "email" },
          ],
          settings: { title: "T", leadDefaults: { ownerId: outsider.id } },
        },
      }),
      "BAD_REQUEST",
      {
        appCode: "VALIDATION",
        fieldErrors: {
          "definition.fields.1.mapTo": "No such custom field; choose another.",
          "definition.fields.2.mapTo": expect.stringContaining("cannot fill Visits"),
          "definition.fields.3.mapTo": expect.stringContaining("cannot fill Email"),
          "definition.settings.leadDefaults.ownerId": "Choose a member of this business.",
        },
      },
    );
    // Nothing of the refused drafts was kept.
    expect((await asOwner.leadForms.get({ businessId, formId: form.id })).definition.fields).toHaveLength(3);
  });

  it("renames, refuses a name in use, duplicates and deletes", async () => {
    const { businessId, asOwner } = await setup();
    const a = await asOwner.leadForms.create({ businessId, name: "Spring offer" });
    await asOwner.leadForms.create({ businessId, name: "Walk-ins" });
    await expectTRPCError(
      asOwner.leadForms.update({ businessId, formId: a.id, name: "walk-ins" }),
      "CONFLICT",
      {
        fieldErrors: { name: "A form with this name exists." },
      },
    );
    await expectTRPCError(asOwner.leadForms.create({ businessId, name: "SPRING OFFER" }), "CONFLICT");
    const renamed = await asOwner.leadForms.update({ businessId, formId: a.id, name: "Summer offer" });
    expect(renamed.name).toBe("Summer offer");
    const copy = await asOwner.leadForms.duplicate({ businessId, formId: a.id });
    const copy2 = await asOwner.leadForms.duplicate({ businessId, formId: a.id });
    expect([copy.name, copy2.name]).toEqual(["Summer offer (copy)", "Summer offer (copy 2)"]);
    expect(copy.status).toBe("draft");
    expect(copy.definition).toEqual(renamed.definition);
    await asOwner.leadForms.delete({ businessId, formId: copy.id });
    await expectTRPCError(asOwner.leadForms.get({ businessId, formId: copy.id }), "NOT_FOUND");
  });

  it("lets members read forms but not change them", async () => {
    const { business, businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({ businessId, name: "Members" });
    const { user } = await addMember(db, business, "member");
    const asMember = callerFor(db, user);
    expect((await asMember.leadForms.get({ businessId, formId: form.id })).name).toBe("Members");
    await expectTRPCError(asMember.leadForms.publish({ businessId, formId: form.id }), "FORBIDDEN");
    await expectTRPCError(asMember.leadForms.create({ businessId, name: "Mine" }), "FORBIDDEN");
  });
});

describe("lead forms: publishing", () => {
  it("publishes versions; the live version stays until the next publish", async () => {
    const { owner, businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({ businessId, name: "Consultation" });
    const v1 = await asOwner.leadForms.publish({ businessId, formId: form.id });
    expect(v1.status).toBe("published");
    expect(v1.publishedVersion?.version).toBe(1);
    expect(v1.publishedAt).toBeInstanceOf(Date);
    expect(v1.hasUnpublishedChanges).toBe(false);

    const edited = await asOwner.leadForms.update({ businessId, formId: form.id, definition: quoteForm });
    expect(edited.hasUnpublishedChanges).toBe(true);
    expect(edited.publishedVersion?.id).toBe(v1.publishedVersion?.id);
    const live = async () => {
      const [row] = await db
        .select({ definition: leadFormVersions.definition })
        .from(leadForms)
        .innerJoin(leadFormVersions, eq(leadFormVersions.id, leadForms.publishedVersionId))
        .where(eq(leadForms.id, form.id));
      return row!.definition as { fields: { key: string }[]; settings: { title: string } };
    };
    // The draft changed; visitors still get version 1.
    expect((await live()).fields.map((f) => f.key)).toEqual(["name", "email", "phone"]);

    const v2 = await asOwner.leadForms.publish({ businessId, formId: form.id });
    expect(v2.publishedVersion?.version).toBe(2);
    expect(v2.hasUnpublishedChanges).toBe(false);
    expect((await live()).fields.map((f) => f.key)).toEqual(["full_name", "mobile", "service"]);
    const versions = await db
      .select({ version: leadFormVersions.version, publishedBy: leadFormVersions.publishedBy })
      .from(leadFormVersions)
      .where(and(eq(leadFormVersions.formId, form.id), eq(leadFormVersions.businessId, businessId)))
      .orderBy(leadFormVersions.version);
    expect(versions).toEqual([
      { version: 1, publishedBy: owner.id },
      { version: 2, publishedBy: owner.id },
    ]);
  });

  it("refuses to publish a form that cannot make a customer, and changes nothing", async () => {
    const { businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({
      businessId,
      name: "Feedback",
      definition: {
        fields: [{ key: "comment", type: "long_text", label: "Comment" }],
        settings: { title: "Hi" },
      },
    });
    await expectTRPCError(asOwner.leadForms.publish({ businessId, formId: form.id }), "BAD_REQUEST", {
      appCode: "VALIDATION",
      fieldErrors: { "definition.fields": expect.stringContaining("Map a field to the customer's name") },
    });
    const after = await asOwner.leadForms.get({ businessId, formId: form.id });
    expect(after.status).toBe("draft");
    expect(after.publishedVersion).toBeNull();
  });

  it("closes and reopens with the same version; publishing a closed form opens it", async () => {
    const { businessId, asOwner } = await setup();
    const form = await asOwner.leadForms.create({ businessId, name: "Open day" });
    await expectTRPCError(asOwner.leadForms.close({ businessId, formId: form.id }), "CONFLICT");
    await expectTRPCError(asOwner.leadForms.reopen({ businessId, formId: form.id }), "CONFLICT");
    const published = await asOwner.leadForms.publish({ businessId, formId: form.id });
    const closed = await asOwner.leadForms.close({ businessId, formId: form.id });
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(closed.publishedVersion?.id).toBe(published.publishedVersion?.id);
    const reopened = await asOwner.leadForms.reopen({ businessId, formId: form.id });
    expect(reopened).toMatchObject({ status: "published", closedAt: null });
    expect(reopened.publishedVersion?.version).toBe(1);
    await asOwner.leadForms.close({ businessId, formId: form.id });
    const again = await asOwner.leadForms.publish({ businessId, formId: form.id });
    expect(again).toMatchObject({ status: "published", closedAt: null });
    expect(again.publishedVersion?.version).toBe(2);
  });
});

describe("lead forms: REST v1", () => {
  it("serves GET/POST /forms, GET/PATCH/DELETE /forms/{id} and POST /forms/{id}/publish", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
    const url = (p: string) => `http://localhost:3000/api/v1${p}`;

    const created = await POST(
      new Request(url("/forms"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "From REST" }),
      }),
    );
    expect(created.status).toBe(200);
    const form = (await created.json()) as { id: string; status: string; definition: { fields: unknown[] } };
    expect(form.status).toBe("draft");
    expect(form.definition.fields).toHaveLength(3);

    const list = await GET(new Request(url("/forms"), { headers: auth }));
    expect(((await list.json()) as { data: { id: string }[] }).data.map((f) => f.id)).toEqual([form.id]);

    const bad = await PATCH(
      new Request(url(`/forms/${form.id}`), {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({
          definition: { fields: [{ key: "9x", type: "email", label: "E" }], settings: { title: "T" } },
        }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("definition.fields.0.key");

    const patched = await PATCH(
      new Request(url(`/forms/${form.id}`), {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ name: "Renamed", definition: quoteForm }),
      }),
    );
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { name: string }).name).toBe("Renamed");

    const published = await POST(
      new Request(url(`/forms/${form.id}/publish`), { method: "POST", headers: auth }),
    );
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: "published", publishedVersion: { version: 1 } });

    const one = await GET(new Request(url(`/forms/${form.id}`), { headers: auth }));
    expect(await one.json()).toMatchObject({ id: form.id, name: "Renamed", hasUnpublishedChanges: false });

    const deleted = await DELETE(new Request(url(`/forms/${form.id}`), { method: "DELETE", headers: auth }));
    expect(deleted.status).toBe(200);
    const gone = await GET(new Request(url(`/forms/${form.id}`), { headers: auth }));
    expect(gone.status).toBe(404);
  });

  it("answers 404 for another business's form", async () => {
    const { business } = await setup();
    const other = await setup();
    const theirs = await other.asOwner.leadForms.create({ businessId: other.businessId, name: "Theirs" });
    const key = await createApiKeyFor(db, business);
    const res = await GET(
      new Request(`http://localhost:3000/api/v1/forms/${theirs.id}`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain("Theirs");
  });
});

describe("per-business caps under parallel creation", () => {
  it("lets exactly one of several parallel creations take the last form slot", async () => {
    const { owner, businessId, asOwner } = await setup();
    await db.insert(leadForms).values(
      Array.from({ length: LEAD_FORMS_MAX - 1 }, (_, i) => ({
        businessId,
        name: `Form ${i}`,
        draft: {},
        createdBy: owner.id,
      })),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => asOwner.leadForms.create({ businessId, name: `Last ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/at most 200 forms/);
    expect(await db.$count(leadForms, eq(leadForms.businessId, businessId))).toBe(LEAD_FORMS_MAX);
  });

  it("lets exactly one of several parallel custom field creations take the last slot", async () => {
    const { businessId, asOwner } = await setup();
    await db.insert(customFields).values(
      Array.from({ length: CUSTOM_FIELDS_MAX - 1 }, (_, i) => ({
        businessId,
        key: `field_${i}`,
        label: `Field ${i}`,
        type: "text" as const,
        position: i,
      })),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        asOwner.customFields.create({ businessId, label: `Last ${i}`, type: "text" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.$count(customFields, eq(customFields.businessId, businessId))).toBe(CUSTOM_FIELDS_MAX);
  });
});
