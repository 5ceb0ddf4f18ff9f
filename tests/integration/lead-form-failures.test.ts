import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getForm } from "@/app/api/forms/[formId]/route";
import { POST as postSubmit } from "@/app/api/forms/[formId]/submit/route";
import { GET as getPage } from "@/app/f/[formId]/route";
import type { Db } from "@/db/client";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { publishForm } from "../helpers/lead-form-fixtures";

// The database (or the store behind it) fails while a request is handled.
const failing = vi.hoisted(() => ({ on: false }));
vi.mock("@/server/services/lead-forms/intake/published-form", async (importOriginal) => {
  const original =
    await importOriginal<typeof import("@/server/services/lead-forms/intake/published-form")>();
  return {
    ...original,
    loadPublishedForm: async (...args: Parameters<typeof original.loadPublishedForm>) => {
      if (failing.on) throw new Error('Failed query: select "id" from "lead_forms" -- connection refused');
      return original.loadPublishedForm(...args);
    },
    loadPublishedFormForSubmit: async (...args: Parameters<typeof original.loadPublishedFormForSubmit>) => {
      if (failing.on) throw new Error('Failed query: select "id" from "lead_forms" -- connection refused');
      return original.loadPublishedFormForSubmit(...args);
    },
  };
});

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("public lead form endpoints when the database fails", () => {
  it("answer 503 with Retry-After and no detail, never a 500", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const form = await publishForm(db, biz.id);
    const params = { params: Promise.resolve({ formId: form.formId }) };
    failing.on = true;
    try {
      const submit = await postSubmit(
        new Request(`http://localhost:3000/api/forms/${form.formId}/submit`, {
          method: "POST",
          body: JSON.stringify({ name: "Asha" }),
          headers: { "content-type": "application/json" },
        }),
        params,
      );
      expect(submit.status).toBe(503);
      expect(submit.headers.get("retry-after")).toBe("30");
      const text = await submit.text();
      expect(text).not.toMatch(/select|lead_forms|connection/i);
      const definition = await getForm(new Request(`http://localhost:3000/api/forms/${form.formId}`), params);
      expect(definition.status).toBe(503);
      const page = await getPage(new Request(`http://localhost:3000/f/${form.formId}`), params);
      expect(page.status).toBe(503);
      expect(await page.text()).not.toMatch(/select|lead_forms/i);
    } finally {
      failing.on = false;
    }
  });
});
