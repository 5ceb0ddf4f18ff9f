import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { leadFormCaptchaSettings } from "@/db/schema";
import { loadCaptcha } from "@/server/services/lead-forms/intake/captcha";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser } from "../helpers/factories";

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
