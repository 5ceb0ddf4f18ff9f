CREATE TYPE "public"."whatsapp_message_kind" AS ENUM('text', 'template');--> statement-breakpoint
CREATE TABLE "whatsapp_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"to" text NOT NULL,
	"kind" "whatsapp_message_kind" NOT NULL,
	"text" text NOT NULL,
	"template_id" uuid,
	"template_name" text,
	"language" text,
	"variables" jsonb,
	"status" "recipient_status" DEFAULT 'sending' NOT NULL,
	"provider_message_id" text,
	"error_code" text,
	"error" text,
	"sent_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_template_id_message_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whatsapp_messages_business_id_customer_id_created_at_idx" ON "whatsapp_messages" USING btree ("business_id","customer_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "whatsapp_messages_customer_id_idx" ON "whatsapp_messages" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "whatsapp_messages_provider_message_id_idx" ON "whatsapp_messages" USING btree ("provider_message_id") WHERE "whatsapp_messages"."provider_message_id" is not null;