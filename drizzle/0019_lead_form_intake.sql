CREATE TYPE "public"."captcha_provider" AS ENUM('turnstile', 'hcaptcha');--> statement-breakpoint
CREATE TABLE "form_submission_effects" (
	"submission_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"effect" text NOT NULL,
	"ref_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_submission_effects_submission_id_effect_pk" PRIMARY KEY("submission_id","effect")
);
--> statement-breakpoint
CREATE TABLE "lead_form_captcha_settings" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"provider" "captcha_provider" NOT NULL,
	"site_key" text NOT NULL,
	"secret_enc" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "form_submission_effects" ADD CONSTRAINT "form_submission_effects_submission_id_form_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."form_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission_effects" ADD CONSTRAINT "form_submission_effects_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_captcha_settings" ADD CONSTRAINT "lead_form_captcha_settings_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_submission_effects_business_id_idx" ON "form_submission_effects" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "form_submissions_received_created_at_idx" ON "form_submissions" USING btree ("created_at") WHERE "form_submissions"."status" = 'received';