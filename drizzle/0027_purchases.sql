ALTER TYPE "public"."activity_type" ADD VALUE 'purchase_recorded';--> statement-breakpoint
CREATE TABLE "purchases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"invoice_id" uuid,
	"order_id" text,
	"purchased_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "total_spent" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "orders_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "first_purchase_on" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_purchase_on" date;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purchases_business_id_customer_id_purchased_on_idx" ON "purchases" USING btree ("business_id","customer_id","purchased_on");--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_invoice_id_key" ON "purchases" USING btree ("invoice_id") WHERE "purchases"."invoice_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_business_id_order_id_key" ON "purchases" USING btree ("business_id","order_id") WHERE "purchases"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "customers_business_id_total_spent_idx" ON "customers" USING btree ("business_id","total_spent" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
INSERT INTO "purchases" ("business_id", "customer_id", "source", "invoice_id", "purchased_on", "amount", "currency", "items")
SELECT i."business_id", i."customer_id", 'invoice', i."id", coalesce(i."issue_date", i."created_at"::date), i."total", i."currency",
       coalesce((SELECT jsonb_agg(jsonb_build_object('description', l->>'description', 'quantity', l->>'quantity', 'unit', l->'unit', 'total', (l->>'total')::bigint))
                 FROM jsonb_array_elements(i."lines") l), '[]'::jsonb)
FROM "invoices" i
WHERE i."kind" = 'invoice' AND i."status" = 'paid' AND i."customer_id" IS NOT NULL;--> statement-breakpoint
UPDATE "customers" c SET "total_spent" = p.total, "orders_count" = p.n, "first_purchase_on" = p.first, "last_purchase_on" = p.last
FROM (
  SELECT pu."customer_id", sum(pu."amount") AS total, count(*) AS n, min(pu."purchased_on") AS first, max(pu."purchased_on") AS last
  FROM "purchases" pu JOIN "businesses" b ON b."id" = pu."business_id" AND b."currency" = pu."currency"
  GROUP BY pu."customer_id"
) p
WHERE c."id" = p."customer_id";
