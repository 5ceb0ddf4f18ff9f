import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { leadFormCaptchaSettings } from "@/db/schema";
import { loadCaptcha, openCaptcha } from "@/server/services/lead-forms/intake/captcha";
import { loadFormVersion, loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser } from "../helpers/factories";
import { publishForm } from "../helpers/lead-form-fixtures";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("lead forms: captcha settings", () => {
  it("saves the keys with the secret encrypted and masked, replaces and removes them", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const asOwner = callerFor(db, owner);
    const businessId = business.id;
    expect(await asOwner.leadForms.captcha({ businessId })).toBeNull();

    const secret = "0x4AAAAAAAsecret-key-of-the-business";
    const saved = await asOwner.leadForms.setCaptcha({
      businessId,
      captcha: { provider: "turnstile", siteKey: "0x4AAAAAAAsite", secret },
    });
    expect(saved).toMatchObject({ provider: "turnstile", siteKey: "0x4AAAAAAAsite" });
    expect(saved?.secret).not.toContain("secret-key-of");
    const [row] = await db
      .select()
      .from(leadFormCaptchaSettings)
      .where(eq(leadFormCaptchaSettings.businessId, businessId));
    expect(row?.secretEnc).not.toContain(secret);
    expect(await loadCaptcha(db, businessId)).toMatchObject({ provider: "turnstile", secret });

    await asOwner.leadForms.setCaptcha({
      businessId,
      captcha: {
        provider: "hcaptcha",
        siteKey: "10000000-ffff",
        secret: "0x0000000000000000000000000000000000000000",
      },
    });
    expect(await asOwner.leadForms.captcha({ businessId })).toMatchObject({ provider: "hcaptcha" });

    expect(await asOwner.leadForms.setCaptcha({ businessId, captcha: null })).toBeNull();
    expect(await loadCaptcha(db, businessId)).toBeNull();
  });

  it("comes with the published form in one read for a submission, and only the business's own", async () => {
    const owner = await createUser(db);
    const withCaptcha = await createBusiness(db, { owner });
    const without = await createBusiness(db, { owner });
    await callerFor(db, owner).leadForms.setCaptcha({
      businessId: withCaptcha.id,
      captcha: { provider: "hcaptcha", siteKey: "10000000-ffff", secret: "0xsecret-of-the-salon" },
    });
    const a = await publishForm(db, withCaptcha.id);
    const b = await publishForm(db, without.id);

    const loadedA = await loadPublishedForm(db, a.formId, new Date(), { captcha: true });
    expect(loadedA).toMatchObject({ formId: a.formId, businessId: withCaptcha.id, state: "open" });
    expect(loadedA?.captcha).toMatchObject({ provider: "hcaptcha", siteKey: "10000000-ffff" });
    expect(loadedA?.captcha?.secretEnc).not.toContain("secret-of-the-salon");
    expect(openCaptcha(withCaptcha.id, loadedA!.captcha!)).toMatchObject({
      secret: "0xsecret-of-the-salon",
    });
    const loadedB = await loadPublishedForm(db, b.formId, new Date(), { captcha: true });
    expect(loadedB).toMatchObject({ formId: b.formId, businessId: without.id, captcha: null });
    // Without the option the form carries no captcha field at all.
    expect(await loadPublishedForm(db, a.formId)).not.toHaveProperty("captcha");
    // A version kept in memory is still checked against its business.
    expect((await loadFormVersion(db, withCaptcha.id, a.versionId))?.fields.length).toBe(
      a.definition.fields.length,
    );
    expect(await loadFormVersion(db, without.id, a.versionId)).toBeNull();
  });

  it("refuses an empty key at its field, and members who may not manage forms", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const { user: member } = await addMember(db, business, "member");
    await expectTRPCError(
      callerFor(db, owner).leadForms.setCaptcha({
        businessId: business.id,
        captcha: { provider: "turnstile", siteKey: " ", secret: "x" },
      }),
      "BAD_REQUEST",
    );
    await expectTRPCError(callerFor(db, member).leadForms.captcha({ businessId: business.id }), "FORBIDDEN");
  });
});
