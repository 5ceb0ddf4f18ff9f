DROP INDEX "customers_name_trgm_idx";--> statement-breakpoint
DROP INDEX "customers_email_trgm_idx";--> statement-breakpoint
DROP INDEX "customers_phone_digits_trgm_idx";--> statement-breakpoint
DROP INDEX "customers_tags_idx";--> statement-breakpoint
DROP INDEX "customers_custom_fields_idx";--> statement-breakpoint
DROP INDEX "customers_business_id_whatsapp_idx";--> statement-breakpoint
DROP INDEX "customers_business_id_birthday_md_idx";--> statement-breakpoint
DROP INDEX "customers_business_id_anniversary_md_idx";--> statement-breakpoint
DROP INDEX "customers_business_id_deleted_at_idx";--> statement-breakpoint
CREATE INDEX "customers_business_id_import_id_idx" ON "customers" USING btree ("business_id","import_id") WHERE "customers"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "customers_search_idx" ON "customers" USING gin ((lower("name") || ' ' || coalesce(lower("email"), '') || ' ' || "phone_digits") gin_trgm_ops,"tags","custom_fields");--> statement-breakpoint
CREATE INDEX "customers_company_name_trgm_idx" ON "customers" USING gin (lower("name") gin_trgm_ops) WHERE coalesce("customers"."company", '') <> '';--> statement-breakpoint
CREATE INDEX "customers_business_id_whatsapp_idx" ON "customers" USING btree ("business_id","whatsapp") WHERE "customers"."whatsapp" is not null;--> statement-breakpoint
CREATE INDEX "customers_business_id_birthday_md_idx" ON "customers" USING btree ("business_id","birthday_md") WHERE "customers"."birthday_md" is not null;--> statement-breakpoint
CREATE INDEX "customers_business_id_anniversary_md_idx" ON "customers" USING btree ("business_id","anniversary_md") WHERE "customers"."anniversary_md" is not null;--> statement-breakpoint
CREATE INDEX "customers_business_id_deleted_at_idx" ON "customers" USING btree ("business_id","deleted_at") WHERE "customers"."deleted_at" is not null;