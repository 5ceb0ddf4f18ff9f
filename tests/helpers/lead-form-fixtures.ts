import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { leadForms, leadFormVersions } from "@/db/schema";
import {
  type LeadFormDefinition,
  type LeadFormDefinitionInput,
  leadFormDefinitionSchema,
} from "@/server/domain/lead-forms";

/**
 * Published lead forms for tests, inserted directly (a draft, version 1 and the pointer to it), as the
 * builder's publish does. `fields` and `settings` are merged over a small "book a consultation" form:
 * name (required), email, phone (IN), a select, a consent box for email, a hidden `campaign` field.
 */
export const sampleFields: LeadFormDefinitionInput["fields"] = [
  { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
  { key: "email", type: "email", label: "Email", mapTo: "email" },
  { key: "phone", type: "phone", label: "Phone", mapTo: "phone", defaultCountry: "IN" },
  {
    key: "service",
    type: "select",
    label: "Service",
    options: [
      { value: "hair", label: "Hair" },
      { value: "nails", label: "Nails" },
    ],
  },
  { key: "offers", type: "consent", label: "Send me offers by email", consentChannel: "email" },
  { key: "campaign", type: "hidden", label: "Campaign", param: "c" },
];

export interface PublishedFormFixture {
  formId: string;
  versionId: string;
  definition: LeadFormDefinition;
}

/** Inserts a published form of `businessId`. `status` "closed" makes a closed one. */
export async function publishForm(
  db: Db,
  businessId: string,
  opts: {
    fields?: LeadFormDefinitionInput["fields"];
    settings?: Partial<LeadFormDefinitionInput["settings"]>;
    status?: "published" | "closed";
    name?: string;
    submissionCount?: number;
  } = {},
): Promise<PublishedFormFixture> {
  const definition = leadFormDefinitionSchema.parse({
    fields: opts.fields ?? sampleFields,
    settings: { title: "Book a free consultation", minFillSeconds: 0, ...opts.settings },
  });
  const [form] = await db
    .insert(leadForms)
    .values({
      businessId,
      name: opts.name ?? `Consultation ${randomUUID().slice(0, 8)}`,
      status: opts.status ?? "published",
      draft: definition,
      submissionCount: opts.submissionCount ?? 0,
      publishedAt: new Date(),
      closedAt: opts.status === "closed" ? new Date() : null,
    })
    .returning({ id: leadForms.id });
  const [version] = await db
    .insert(leadFormVersions)
    .values({ businessId, formId: form!.id, version: 1, definition })
    .returning({ id: leadFormVersions.id });
  await db.update(leadForms).set({ publishedVersionId: version!.id }).where(eq(leadForms.id, form!.id));
  return { formId: form!.id, versionId: version!.id, definition };
}

/** Publishes a new version of an existing fixture form (version n + 1), as republishing does. */
export async function republishForm(
  db: Db,
  fixture: PublishedFormFixture,
  businessId: string,
  definitionInput: LeadFormDefinitionInput,
  version = 2,
): Promise<PublishedFormFixture> {
  const definition = leadFormDefinitionSchema.parse(definitionInput);
  const [v] = await db
    .insert(leadFormVersions)
    .values({ businessId, formId: fixture.formId, version, definition })
    .returning({ id: leadFormVersions.id });
  await db
    .update(leadForms)
    .set({ publishedVersionId: v!.id, draft: definition })
    .where(eq(leadForms.id, fixture.formId));
  return { formId: fixture.formId, versionId: v!.id, definition };
}
