import { and, asc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businessMembers, customers, formSubmissions } from "@/db/schema";
import type { CustomerFieldsPatch } from "@/server/domain/customers";
import { checkAnswers, leadSource } from "@/server/domain/lead-form-answers";
import { answerEntries } from "@/server/domain/lead-form-display";
import { leadFormHasEffects } from "@/server/domain/lead-forms";
import { AppError } from "@/server/errors";
import { type ActivityInput, recordActivities } from "@/server/services/activities";
import { recordConsent } from "@/server/services/consent";
import { checkCustomFieldValues, loadCustomFieldContext } from "@/server/services/custom-fields";
import { createCustomer, getCustomerRow, updateCustomer } from "@/server/services/customers";
import { type MappedCustomer, mapAnswersToCustomer } from "./customer-fields";
import { loadSubmission } from "./load";

/** What the customer step did. */
export type CustomerOutcome =
  /**
   * `processed`: the form asks for no task, notification or auto-reply, so the submission was marked
   * processed in the same transaction; else its effects are still to record.
   */
  | { kind: "created" | "updated" | "kept"; customerId: string; processed: boolean }
  /** Already done by an earlier run (the submission has its customer; its effects may still be due). */
  | { kind: "done"; customerId: string; processed: false }
  /** Nothing to do: the submission is spam, or gone. */
  | { kind: "skipped"; reason: "spam" | "not_found" };

/** A submission that can never make a customer (its version is unreadable, its answers no longer check). */
export class UnprocessableSubmission extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnprocessableSubmission";
  }
}

async function isMember(db: DbOrTx, businessId: string, userId: string | null | undefined) {
  if (!userId) return false;
  const [row] = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.userId, userId)))
    .limit(1);
  return Boolean(row);
}

/**
 * The live customer a submission belongs to: same email (case-insensitive), else same phone, else same
 * WhatsApp number (each compared with both of the customer's numbers); the oldest when several match
 * equally. One statement: each customer is ranked by the first of those it matches.
 */
async function findExisting(db: DbOrTx, businessId: string, m: MappedCustomer): Promise<string | null> {
  const matches: SQL[] = [];
  if (m.email) matches.push(sql`lower(${customers.email}) = ${m.email}`);
  for (const phone of new Set([m.phone, m.whatsapp].filter((p): p is string => !!p)))
    matches.push(or(eq(customers.phone, phone), eq(customers.whatsapp, phone))!);
  if (matches.length === 0) return null;
  const rank = sql`case ${sql.join(
    matches.map((match, i) => sql`when ${match} then ${sql.raw(String(i))}`),
    sql` `,
  )} end`;
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), isNull(customers.deletedAt), or(...matches)))
    .orderBy(rank, asc(customers.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Turns a stored submission into a customer, once. In one transaction, with the submission row locked:
 * the answers are checked again against the version the visitor saw; the customer is matched by email,
 * then phone or WhatsApp (live customers only). No match: a customer is created with the form's lead
 * defaults (tags, lifecycle stage, owner when still a member) and the source (`?source=`, utm_source,
 * else the form's default). A match with the `update` policy: the answers' fields are written over the
 * customer's, the default tags added; its stage, owner (unless it has none) and source stay. With `keep`:
 * the customer is left as it is. Consent boxes the visitor ticked are recorded (ledger and timeline).
 * Then a `form_submitted` timeline entry with every answer and where the visitor came from, and the
 * submission's `customer_id` — so a retried run finds it and does nothing again (`done`); when the form
 * asks for no task, notification or auto-reply (`leadFormHasEffects`), the submission is `processed`
 * in the same transaction (`processed: true`).
 * Errors: UnprocessableSubmission when no retry can help; database errors (retried by the caller).
 */
export async function applySubmissionToCustomer(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<CustomerOutcome> {
  return db.transaction(async (tx) => {
    const loaded = await loadSubmission(tx, businessId, submissionId, { lock: true });
    if (!loaded) return { kind: "skipped", reason: "not_found" } as const;
    const { submission, definition, context, business } = loaded;
    if (submission.customerId)
      return { kind: "done", customerId: submission.customerId, processed: false } as const;
    if (submission.status === "spam") return { kind: "skipped", reason: "spam" } as const;
    if (!definition) throw new UnprocessableSubmission("The form version of this submission cannot be read.");
    const checked = checkAnswers(definition.fields, submission.answers, definition.settings.language);
    if (!checked.ok)
      throw new UnprocessableSubmission(
        `The answers do not fit the form: ${Object.entries(checked.errors)
          .map(([k, v]) => `${k}: ${v}`)
          .join("; ")}`,
      );
    const settings = definition.settings;
    const mapped = mapAnswersToCustomer(definition, checked.answers);
    // The business's custom fields are read only when the form maps an answer to one.
    const customFields =
      Object.keys(mapped.customFields).length > 0
        ? checkCustomFieldValues(await loadCustomFieldContext(tx, businessId), mapped.customFields, {
            partial: true,
          }).values
        : {};
    const actor = { businessId, userId: null };
    const source = leadSource(context, settings.leadDefaults.source)?.slice(0, 100) ?? null;

    // The `form_submitted` timeline entry: every answer and where the visitor came from.
    const submittedEntry = (customerId: string, outcome: "created" | "updated" | "kept"): ActivityInput => ({
      businessId,
      customerId,
      type: "form_submitted",
      data: {
        formId: submission.formId,
        formName: settings.title,
        submissionId,
        outcome,
        answers: answerEntries(definition.fields, checked.answers),
        source,
        utm: context.utm,
        landingPage: context.landingPage ?? null,
        referrer: context.referrer ?? null,
      },
      createdAt: submission.createdAt,
    });

    const existingId = await findExisting(tx, businessId, mapped);
    let kind: "created" | "updated" | "kept";
    let customerId: string;
    // Consent already granted per channel (a box ticked again is not recorded twice).
    let granted: Record<"email" | "whatsapp" | "sms", boolean | null> | null = null;
    if (!existingId) {
      const ownerId = (await isMember(tx, businessId, settings.leadDefaults.ownerId))
        ? settings.leadDefaults.ownerId
        : null;
      const created = await createCustomer(
        tx,
        actor,
        {
          name: mapped.name,
          email: mapped.email,
          phone: mapped.phone,
          whatsapp: mapped.whatsapp,
          ...mapped.fields,
          source,
          tags: settings.leadDefaults.tags,
          lifecycleStage: settings.leadDefaults.lifecycleStage,
          ownerId,
          customFields,
        } as Parameters<typeof createCustomer>[2],
        {
          allowMissingRequiredCustomFields: true,
          businessCountry: business.country,
          // Its entry goes in with the customer's `created` one (this transaction's time is its last activity).
          inTransaction: true,
          timeline: (id) => [submittedEntry(id, "created")],
        },
      );
      kind = "created";
      customerId = created.id;
      granted = {
        email: created.consent.email.granted,
        whatsapp: created.consent.whatsapp.granted,
        sms: created.consent.sms.granted,
      };
    } else if (settings.duplicatePolicy === "update") {
      const current = await getCustomerRow(tx, businessId, existingId);
      const patch: CustomerFieldsPatch = {
        ...(mapped.hasName ? { name: mapped.name } : {}),
        ...(mapped.email ? { email: mapped.email } : {}),
        ...(mapped.phone ? { phone: mapped.phone } : {}),
        ...(mapped.whatsapp ? { whatsapp: mapped.whatsapp } : {}),
        ...mapped.fields,
        ...(current.source ? {} : source ? { source } : {}),
        ...(Object.keys(customFields).length ? { customFields } : {}),
      };
      if (settings.leadDefaults.tags.length) patch.tags = [...current.tags, ...settings.leadDefaults.tags];
      if (!current.ownerId && (await isMember(tx, businessId, settings.leadDefaults.ownerId)))
        patch.ownerId = settings.leadDefaults.ownerId;
      try {
        await updateCustomer(tx, actor, existingId, patch);
      } catch (e) {
        // A value the customer record refuses (e.g. a phone of another country's format) is kept on the
        // submission and the timeline; the rest of the submission goes on.
        if (!(e instanceof AppError && e.code === "VALIDATION")) throw e;
      }
      kind = "updated";
      customerId = existingId;
    } else {
      kind = "kept";
      customerId = existingId;
    }

    if (!granted && mapped.consents.length > 0) {
      const current = await getCustomerRow(tx, businessId, customerId);
      granted = { email: current.emailConsent, whatsapp: current.whatsappConsent, sms: current.smsConsent };
    }
    for (const channel of mapped.consents) {
      if (granted?.[channel] === true) continue;
      await recordConsent(tx, {
        businessId,
        customerId,
        channel,
        granted: true,
        source: "lead_form",
        data: { formId: submission.formId, submissionId },
      });
    }

    if (kind !== "created") await recordActivities(tx, [submittedEntry(customerId, kind)]);
    // Nothing follows the customer for this form: the submission is processed in this transaction.
    const processed = !leadFormHasEffects(settings);
    await tx
      .update(formSubmissions)
      .set(
        processed
          ? { customerId, status: "processed", processedAt: new Date(), error: null }
          : { customerId },
      )
      .where(and(eq(formSubmissions.id, submissionId), eq(formSubmissions.businessId, businessId)));
    return { kind, customerId, processed };
  });
}

/** One submission of a batch, and what the customer step did with it. */
export interface BatchCustomerOutcome {
  submissionId: string;
  businessId: string;
  outcome: CustomerOutcome | { kind: "failed"; reason: string };
}

/**
 * `applySubmissionToCustomer` for each submission of a batch, in order, each in its own transaction (one
 * submission's bad data never holds up the others). A submission that can never make a customer
 * (`UnprocessableSubmission`) is handed to `onUnprocessable` (which marks it failed) and reported
 * `failed`; any other error stops the batch and is thrown, so the caller's retry runs the batch again
 * (submissions done already come back `done`). Output: one outcome per submission, in order.
 */
export async function applySubmissionsToCustomers(
  db: Db,
  submissions: ReadonlyArray<{ submissionId: string; businessId: string }>,
  onUnprocessable: (
    db: Db,
    s: { submissionId: string; businessId: string },
    message: string,
  ) => Promise<void>,
): Promise<BatchCustomerOutcome[]> {
  const out: BatchCustomerOutcome[] = [];
  for (const s of submissions) {
    try {
      out.push({ ...s, outcome: await applySubmissionToCustomer(db, s.businessId, s.submissionId) });
    } catch (e) {
      if (!(e instanceof UnprocessableSubmission)) throw e;
      await onUnprocessable(db, s, e.message);
      out.push({ ...s, outcome: { kind: "failed", reason: e.message } });
    }
  }
  return out;
}
