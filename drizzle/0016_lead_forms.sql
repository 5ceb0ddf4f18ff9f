CREATE TYPE "public"."form_submission_status" AS ENUM('received', 'processed', 'spam', 'failed');--> statement-breakpoint
CREATE TYPE "public"."lead_form_status" AS ENUM('draft', 'published', 'closed');--> statement-breakpoint
ALTER TYPE "public"."activity_type" ADD VALUE 'form_submitted';--> statement-breakpoint
CREATE TABLE "form_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"form_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"status" "form_submission_status" DEFAULT 'received' NOT NULL,
	"answers" jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"spam_reason" text,
	"customer_id" uuid,
	"token_nonce" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lead_form_daily_stats" (
	"business_id" uuid NOT NULL,
	"form_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"starts" integer DEFAULT 0 NOT NULL,
	"submissions" integer DEFAULT 0 NOT NULL,
	"spam" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "lead_form_daily_stats_form_id_day_pk" PRIMARY KEY("form_id","day")
);
--> statement-breakpoint
CREATE TABLE "lead_form_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"form_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "lead_form_status" DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"published_version_id" uuid,
	"submission_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_form_id_lead_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."lead_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_version_id_lead_form_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."lead_form_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_daily_stats" ADD CONSTRAINT "lead_form_daily_stats_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_daily_stats" ADD CONSTRAINT "lead_form_daily_stats_form_id_lead_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."lead_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_versions" ADD CONSTRAINT "lead_form_versions_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_versions" ADD CONSTRAINT "lead_form_versions_form_id_lead_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."lead_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_form_versions" ADD CONSTRAINT "lead_form_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_submissions_business_id_form_id_created_at_idx" ON "form_submissions" USING btree ("business_id","form_id","created_at");--> statement-breakpoint
CREATE INDEX "form_submissions_form_id_status_idx" ON "form_submissions" USING btree ("form_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "form_submissions_form_id_token_nonce_key" ON "form_submissions" USING btree ("form_id","token_nonce");--> statement-breakpoint
CREATE INDEX "form_submissions_customer_id_idx" ON "form_submissions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "lead_form_daily_stats_business_id_idx" ON "lead_form_daily_stats" USING btree ("business_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_form_versions_form_id_version_key" ON "lead_form_versions" USING btree ("form_id","version");--> statement-breakpoint
CREATE INDEX "lead_form_versions_business_id_idx" ON "lead_form_versions" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "lead_forms_business_id_created_at_idx" ON "lead_forms" USING btree ("business_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_forms_business_id_lower_name_key" ON "lead_forms" USING btree ("business_id",lower("name"));