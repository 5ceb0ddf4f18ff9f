CREATE TABLE "dev_whatsapp_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid,
	"to" text NOT NULL,
	"kind" text NOT NULL,
	"template_name" text,
	"language" text,
	"text" text NOT NULL,
	"payload" jsonb NOT NULL,
	"provider_message_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dev_whatsapp_messages" ADD CONSTRAINT "dev_whatsapp_messages_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dev_whatsapp_messages_created_at_idx" ON "dev_whatsapp_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "dev_whatsapp_messages_business_id_created_at_idx" ON "dev_whatsapp_messages" USING btree ("business_id","created_at");