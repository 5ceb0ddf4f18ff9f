import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";
import { captchaProviders } from "./enum-values";
import { formSubmissions } from "./lead-forms";

export const captchaProvider = pgEnum("captcha_provider", captchaProviders);

/**
 * A business's captcha for its lead forms (Cloudflare Turnstile or hCaptcha): when a row exists, every
 * submission must carry a response the provider's siteverify API accepts. The site key is public (it is
 * put in the page); the secret is sealed with server/crypto/secret-box.ts and never leaves the server.
 */
export const leadFormCaptchaSettings = pgTable("lead_form_captcha_settings", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  provider: captchaProvider().notNull(),
  siteKey: text().notNull(),
  secretEnc: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The side effects of processing a submission, one row per effect (`task`, `auto_reply`,
 * `notify:<address>`), inserted in the same transaction as the effect itself: a retried run finds the
 * row and does not create a second task or queue a second email. `ref_id` is what the effect made (the
 * task's or the email's id).
 */
export const formSubmissionEffects = pgTable(
  "form_submission_effects",
  {
    submissionId: uuid()
      .notNull()
      .references(() => formSubmissions.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    effect: text().notNull(),
    refId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.effect] }),
    index("form_submission_effects_business_id_idx").on(t.businessId),
  ],
);
