CREATE TYPE "public"."recurring_frequency" AS ENUM('weekly', 'monthly', 'quarterly', 'yearly', 'every_n_days');--> statement-breakpoint
CREATE TYPE "public"."recurring_status" AS ENUM('active', 'paused', 'ended');--> statement-breakpoint
ALTER TYPE "public"."activity_type" ADD VALUE 'invoice_sent';--> statement-breakpoint
CREATE TABLE "recurring_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"customer_id" uuid,
	"status" "recurring_status" DEFAULT 'active' NOT NULL,
	"frequency" "recurring_frequency" NOT NULL,
	"interval_days" integer,
	"day_of_month" integer,
	"start_date" date NOT NULL,
	"end_after_count" integer,
	"end_on" date,
	"auto_send" boolean DEFAULT true NOT NULL,
	"currency" char(3) NOT NULL,
	"payment_terms_days" integer DEFAULT 0 NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"discount" jsonb,
	"line_inputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"terms" text,
	"next_period_index" integer DEFAULT 0 NOT NULL,
	"next_run_on" date,
	"generated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"last_invoice_id" uuid,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_messages" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "recurring_invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "recurring_period" date;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "reminders_sent" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "recurring_invoices" ADD CONSTRAINT "recurring_invoices_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_invoices" ADD CONSTRAINT "recurring_invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_invoices" ADD CONSTRAINT "recurring_invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recurring_invoices_business_id_created_at_idx" ON "recurring_invoices" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "recurring_invoices_due_idx" ON "recurring_invoices" USING btree ("next_run_on") WHERE "recurring_invoices"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_recurring_invoice_id_period_key" ON "invoices" USING btree ("recurring_invoice_id","recurring_period") WHERE "invoices"."recurring_invoice_id" is not null;--> statement-breakpoint
CREATE INDEX "invoices_reminder_due_idx" ON "invoices" USING btree ("due_date") WHERE "invoices"."status" in ('issued', 'partially_paid') and "invoices"."sent_at" is not null;