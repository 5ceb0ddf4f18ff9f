CREATE TABLE "whatsapp_conversation_reads" (
	"business_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whatsapp_conversation_reads" ADD CONSTRAINT "whatsapp_conversation_reads_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_conversation_reads" ADD CONSTRAINT "whatsapp_conversation_reads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_conversation_reads" ADD CONSTRAINT "whatsapp_conversation_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_conversation_reads_customer_id_user_id_key" ON "whatsapp_conversation_reads" USING btree ("customer_id","user_id");