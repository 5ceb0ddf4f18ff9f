CREATE TYPE "public"."invoice_kind" AS ENUM('invoice', 'quote', 'credit_note');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'issued', 'partially_paid', 'paid', 'void', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('cash', 'bank_transfer', 'upi', 'cheque', 'card', 'stripe', 'razorpay', 'other');--> statement-breakpoint
ALTER TYPE "public"."activity_type" ADD VALUE 'invoice_issued';--> statement-breakpoint
ALTER TYPE "public"."activity_type" ADD VALUE 'payment_received';--> statement-breakpoint
CREATE TABLE "document_sequences" (
	"business_id" uuid NOT NULL,
	"kind" "invoice_kind" NOT NULL,
	"fiscal_year" text NOT NULL,
	"next_value" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"method" "payment_method" NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"provider" text,
	"provider_payment_id" text,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_settings" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"legal_name" text,
	"address_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gstin" text,
	"state_code" char(2),
	"invoice_prefix" text DEFAULT 'INV' NOT NULL,
	"quote_prefix" text DEFAULT 'QUO' NOT NULL,
	"credit_note_prefix" text DEFAULT 'CN' NOT NULL,
	"fiscal_year_start_month" integer DEFAULT 4 NOT NULL,
	"payment_terms_days" integer DEFAULT 0 NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"round_totals" boolean DEFAULT false NOT NULL,
	"notes" text,
	"terms" text,
	"bank_details" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"upi_vpa" text,
	"template" text DEFAULT 'classic' NOT NULL,
	"accent_color" text,
	"reminder_days" jsonb DEFAULT '[-3,0,3,7]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"kind" "invoice_kind" DEFAULT 'invoice' NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"number" text,
	"fiscal_year" text,
	"customer_id" uuid,
	"currency" char(3) NOT NULL,
	"issue_date" date,
	"due_date" date,
	"payment_terms_days" integer DEFAULT 0 NOT NULL,
	"place_of_supply" char(2),
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"round_total" boolean DEFAULT false NOT NULL,
	"discount" jsonb,
	"line_inputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tax_summary" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tax_totals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"seller" jsonb,
	"buyer" jsonb,
	"subtotal" bigint DEFAULT 0 NOT NULL,
	"discount_total" bigint DEFAULT 0 NOT NULL,
	"tax_total" bigint DEFAULT 0 NOT NULL,
	"rounding" bigint DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"amount_paid" bigint DEFAULT 0 NOT NULL,
	"public_token_hash" text,
	"credit_note_for" uuid,
	"from_quote_id" uuid,
	"notes" text,
	"terms" text,
	"created_by" text,
	"issued_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit_price" bigint NOT NULL,
	"unit" text,
	"taxes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hsn_sac" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_sequences" ADD CONSTRAINT "document_sequences_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD CONSTRAINT "invoice_settings_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_sequences_business_id_kind_fiscal_year_key" ON "document_sequences" USING btree ("business_id","kind","fiscal_year");--> statement-breakpoint
CREATE INDEX "invoice_payments_business_id_invoice_id_idx" ON "invoice_payments" USING btree ("business_id","invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_provider_payment_key" ON "invoice_payments" USING btree ("provider","provider_payment_id") WHERE "invoice_payments"."provider_payment_id" is not null;--> statement-breakpoint
CREATE INDEX "invoices_business_id_created_at_idx" ON "invoices" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invoices_business_id_status_due_date_idx" ON "invoices" USING btree ("business_id","status","due_date");--> statement-breakpoint
CREATE INDEX "invoices_business_id_customer_id_idx" ON "invoices" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_business_id_kind_number_key" ON "invoices" USING btree ("business_id","kind","number") WHERE "invoices"."number" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_public_token_hash_key" ON "invoices" USING btree ("public_token_hash");--> statement-breakpoint
CREATE INDEX "products_business_id_name_idx" ON "products" USING btree ("business_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "products_business_id_lower_name_key" ON "products" USING btree ("business_id",lower("name"));