import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customFields, messageTemplates } from "@/db/schema";
import type { EmailContent } from "@/server/domain/email-blocks";
import { checkTemplateVariables } from "@/server/domain/template-variables";
import { AppError } from "@/server/errors";

/* What a campaign's content refers to: email templates to copy, WhatsApp templates, variables. */

/** Copies an email template's content (subject, preheader, blocks) of this business. */
export async function emailTemplateContent(db: DbOrTx, businessId: string, templateId: string) {
  const [t] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.id, templateId),
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "email"),
      ),
    );
  if (!t) {
    throw new AppError("NOT_FOUND", "No such email template in this business.", {
      emailTemplateId: "No such email template.",
    });
  }
  return { subject: t.subject ?? "", preheader: t.preheader ?? "", blocks: t.blocks };
}

/** Checks that a WhatsApp template of this business exists. Errors: NOT_FOUND at `field`. */
export async function checkWhatsappTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
  field = "whatsapp.templateId",
): Promise<void> {
  const [t] = await db
    .select({ id: messageTemplates.id })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.id, templateId),
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "whatsapp"),
      ),
    );
  if (!t) {
    throw new AppError("NOT_FOUND", "No such WhatsApp template in this business.", {
      [field]: "No such WhatsApp template.",
    });
  }
}

/**
 * Refuses an email whose variables are unknown or malformed, at their fields (`email.subject`,
 * `email.blocks[2].text`): an unknown variable is an error when the campaign is saved, never a blank in
 * a sent email.
 */
export async function checkEmailVariables(
  db: DbOrTx,
  businessId: string,
  email: EmailContent,
  prefix = "email",
): Promise<void> {
  const keys = await db
    .select({ key: customFields.key })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
  const errors = checkTemplateVariables(
    email,
    keys.map((k) => k.key),
  );
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      "VALIDATION",
      "Check the email's variables.",
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v])),
    );
  }
}
