import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customFields, messageTemplates } from "@/db/schema";
import {
  renderTemplateText,
  templateProblems,
  type WhatsappMapping,
  type WhatsappTemplateView,
  whatsappMappingSchema,
  whatsappSlots,
} from "@/server/domain/whatsapp-templates";
import { devMailboxEnabled } from "@/server/email/config";
import { AppError } from "@/server/errors";
import { loadMessagingConfig } from "@/server/services/messaging-settings";
import {
  listWhatsappTemplates as fetchMetaTemplates,
  type MetaTemplate,
  WhatsappError,
} from "@/server/whatsapp/client";
import { devSampleTemplates } from "./samples";

export {
  buildTemplateComponents,
  MissingTemplateValueError,
} from "@/server/domain/whatsapp-templates";

/**
 * Checks that a template can be sent before any message goes out. Input: the template row (or its
 * `name`, `status`, `components`, `variableMapping`). Errors: AppError VALIDATION "not approved" when
 * Meta's status is not APPROVED (field `templateId`), a media header (not supported), and one field
 * error per unmapped variable (`mapping.body.2`).
 */
export function assertSendable(template: {
  name: string;
  status: string | null;
  components: readonly unknown[] | null;
  variableMapping: Record<string, unknown>;
}): void {
  const problems = templateProblems(template);
  if (problems.length === 0) return;
  const fieldErrors: Record<string, string> = {};
  for (const p of problems) fieldErrors[p.field] ??= p.message;
  throw new AppError(
    "VALIDATION",
    `The WhatsApp template "${template.name}" cannot be sent: ${problems[0]!.message}`,
    fieldErrors,
  );
}

/** Who acts on templates: the business and the user (null for an API key). */
export interface WhatsappTemplateActor {
  businessId: string;
  userId: string | null;
}

type Row = typeof messageTemplates.$inferSelect;

function toView(row: Row): WhatsappTemplateView {
  const components = row.components ?? [];
  const slots = whatsappSlots(components);
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    status: row.status ?? "PENDING",
    category: row.category,
    externalId: row.externalId,
    components,
    mapping: row.variableMapping,
    slots: slots.map((s) => ({
      key: s.key,
      component: s.component,
      label: s.label,
      ...(s.example ? { example: s.example } : {}),
    })),
    problems: templateProblems(row).map((p) => p.message),
    preview: renderTemplateText(components, (key) => {
      const slot = slots.find((s) => s.key === key);
      return slot?.example ? `[${slot.example}]` : `{{${key}}}`;
    }),
    updatedAt: row.updatedAt,
  };
}

const whatsappOnly = (businessId: string) =>
  and(eq(messageTemplates.businessId, businessId), eq(messageTemplates.channel, "whatsapp"));

/**
 * Brings the business's WhatsApp templates up to date with Meta (`GET /{waba-id}/message_templates`,
 * every page): each (name, language) is inserted or updated with Meta's id, status, category and
 * components (mappings are kept); templates no longer listed by Meta are marked `DELETED`.
 * Without a WhatsApp provider, on a machine where the dev outbox is shown, a few sample templates are
 * installed instead so the flow can be tried. Output: `{ synced, deleted }` counts.
 * Errors: VALIDATION when WhatsApp is not configured (or has no WABA id) in production; BAD_REQUEST
 * with Meta's reason when the call fails.
 */
export async function syncWhatsappTemplates(
  db: DbOrTx,
  actor: WhatsappTemplateActor,
): Promise<{ synced: number; deleted: number; source: "meta" | "samples" }> {
  const { whatsapp } = await loadMessagingConfig(db, actor.businessId);
  let fetched: MetaTemplate[];
  let source: "meta" | "samples" = "meta";
  if (!whatsapp) {
    if (!devMailboxEnabled())
      throw new AppError("VALIDATION", "Connect WhatsApp in Messaging settings before syncing templates.", {
        whatsappPhoneNumberId: "Required to sync templates.",
      });
    fetched = devSampleTemplates;
    source = "samples";
  } else {
    if (!whatsapp.wabaId)
      throw new AppError("VALIDATION", "Enter the WhatsApp Business Account id in Messaging settings.", {
        whatsappWabaId: "Required to sync templates.",
      });
    try {
      fetched = await fetchMetaTemplates(whatsapp);
    } catch (e) {
      if (e instanceof WhatsappError) throw new AppError("BAD_REQUEST", e.humanMessage);
      throw e;
    }
  }

  const existing = await db.select().from(messageTemplates).where(whatsappOnly(actor.businessId));
  const keyOf = (name: string, language: string) => `${name.toLowerCase()}\u0000${language}`;
  const byKey = new Map(existing.map((r) => [keyOf(r.name, r.language), r]));
  const seen = new Set<string>();
  const now = new Date();
  for (const t of fetched) {
    const key = keyOf(t.name, t.language);
    if (seen.has(key)) continue;
    seen.add(key);
    const values = {
      externalId: t.id || null,
      status: t.status.toUpperCase(),
      category: t.category,
      components: t.components,
      updatedAt: now,
    };
    const row = byKey.get(key);
    if (row) {
      await db
        .update(messageTemplates)
        .set(values)
        .where(and(whatsappOnly(actor.businessId), eq(messageTemplates.id, row.id)));
    } else {
      await db.insert(messageTemplates).values({
        businessId: actor.businessId,
        channel: "whatsapp",
        name: t.name,
        language: t.language,
        createdBy: actor.userId,
        ...values,
      });
    }
  }
  let deleted = 0;
  for (const row of existing) {
    if (seen.has(keyOf(row.name, row.language)) || row.status === "DELETED") continue;
    await db
      .update(messageTemplates)
      .set({ status: "DELETED", updatedAt: now })
      .where(and(whatsappOnly(actor.businessId), eq(messageTemplates.id, row.id)));
    deleted++;
  }
  return { synced: seen.size, deleted, source };
}

/** The business's WhatsApp templates by name and language, with slots, problems and a preview. */
export async function listWhatsappTemplates(db: DbOrTx, businessId: string): Promise<WhatsappTemplateView[]> {
  const rows = await db
    .select()
    .from(messageTemplates)
    .where(whatsappOnly(businessId))
    .orderBy(asc(sql`lower(${messageTemplates.name})`), asc(messageTemplates.language));
  return rows.map(toView);
}

async function templateRow(db: DbOrTx, businessId: string, templateId: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(whatsappOnly(businessId), eq(messageTemplates.id, templateId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such WhatsApp template in this business.");
  return row;
}

/** One WhatsApp template. Errors: NOT_FOUND (also for another business's template). */
export async function getWhatsappTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<WhatsappTemplateView> {
  return toView(await templateRow(db, businessId, templateId));
}

/**
 * A WhatsApp template ready to send: its row (name, language, components, mapping), after
 * `assertSendable`. For the campaign sender. Errors: NOT_FOUND; VALIDATION "not approved" or unmapped
 * variables.
 */
export async function sendableWhatsappTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<{ id: string; name: string; language: string; components: unknown[]; mapping: WhatsappMapping }> {
  const row = await templateRow(db, businessId, templateId);
  assertSendable(row);
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    components: row.components ?? [],
    mapping: whatsappMappingSchema.parse(row.variableMapping),
  };
}

/**
 * Maps each variable slot of a template (`header.1`, `body.2`, `button.0.1` …) to a customer field
 * (`{ field: "customer.firstName", fallback: "there" }`, custom fields as `customer.custom.<key>`) or
 * fixed text (`{ text }`); replaces the whole mapping. Errors: NOT_FOUND; VALIDATION on `mapping.<slot>`
 * for a slot the template does not have or an unknown custom field.
 */
export async function setWhatsappTemplateMapping(
  db: DbOrTx,
  actor: WhatsappTemplateActor,
  input: { templateId: string; mapping: WhatsappMapping },
): Promise<WhatsappTemplateView> {
  const row = await templateRow(db, actor.businessId, input.templateId);
  const parsed = whatsappMappingSchema.safeParse(input.mapping);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[["mapping", ...i.path].join(".")] ??= i.message;
    throw new AppError("VALIDATION", "Check the template's variables.", errors);
  }
  const slotKeys = new Set(whatsappSlots(row.components ?? []).map((s) => s.key));
  const customKeys = new Set(
    (
      await db
        .select({ key: customFields.key })
        .from(customFields)
        .where(eq(customFields.businessId, actor.businessId))
    ).map((r) => r.key),
  );
  const errors: Record<string, string> = {};
  for (const [key, source] of Object.entries(parsed.data)) {
    if (!slotKeys.has(key)) errors[`mapping.${key}`] = "This template has no such variable.";
    else if ("field" in source && source.field.startsWith("customer.custom.")) {
      if (!customKeys.has(source.field.slice("customer.custom.".length)))
        errors[`mapping.${key}`] = "No such custom field in this business.";
    }
  }
  if (Object.keys(errors).length > 0)
    throw new AppError("VALIDATION", "Check the template's variables.", errors);
  const [updated] = await db
    .update(messageTemplates)
    .set({ variableMapping: parsed.data, updatedAt: new Date() })
    .where(and(whatsappOnly(actor.businessId), eq(messageTemplates.id, row.id)))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "No such WhatsApp template in this business.");
  return toView(updated);
}
