CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"rules" jsonb NOT NULL,
	"preset" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "segments_business_id_lower_name_key" ON "segments" USING btree ("business_id",lower("name"));--> statement-breakpoint
CREATE INDEX "segments_business_id_created_at_idx" ON "segments" USING btree ("business_id","created_at");--> statement-breakpoint
INSERT INTO "segments" ("business_id", "preset", "name", "description", "rules")
SELECT b."id", p."preset", p."name", p."description", p."rules"::jsonb
FROM "businesses" b CROSS JOIN (VALUES
  ('new', 'New', 'Added in the last 7 days.', '{"match":"all","conditions":[{"field":"createdAt","op":"in_last_days","value":7}]}'),
  ('inactive', 'Inactive', 'No activity for 30 days.', '{"match":"all","conditions":[{"field":"lastActivityAt","op":"not_in_last_days","value":30}]}'),
  ('birthdays_this_month', 'Birthdays this month', 'Their birthday falls in the current month.', '{"match":"all","conditions":[{"field":"dateOfBirth","op":"month_is","value":"current"}]}'),
  ('email_reachable', 'Email-reachable', 'Have an email address and have not refused email.', '{"match":"all","conditions":[{"field":"email","op":"is_not_empty"},{"field":"consent.email","op":"neq","value":"denied"}]}'),
  ('whatsapp_reachable', 'WhatsApp-reachable', 'Have a WhatsApp number and opted in to WhatsApp.', '{"match":"all","conditions":[{"field":"whatsapp","op":"is_not_empty"},{"field":"consent.whatsapp","op":"eq","value":"granted"}]}')
) AS p("preset", "name", "description", "rules");