CREATE TABLE "business_tags" (
	"business_id" uuid NOT NULL,
	"tag" text NOT NULL,
	CONSTRAINT "business_tags_business_id_tag_pk" PRIMARY KEY("business_id","tag")
);
--> statement-breakpoint
ALTER TABLE "business_tags" ADD CONSTRAINT "business_tags_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "business_tags_business_id_lower_tag_idx" ON "business_tags" USING btree ("business_id",lower("tag") text_pattern_ops);--> statement-breakpoint
CREATE FUNCTION "business_tags_after_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "business_tags" ("business_id", "tag")
  SELECT DISTINCT n."business_id", t.tag FROM new_rows n CROSS JOIN LATERAL unnest(n."tags") AS t(tag)
  WHERE t.tag <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "customers_tags_insert" AFTER INSERT ON "customers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "business_tags_after_write"();
--> statement-breakpoint
CREATE TRIGGER "customers_tags_update" AFTER UPDATE ON "customers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "business_tags_after_write"();
--> statement-breakpoint
INSERT INTO "business_tags" ("business_id", "tag")
SELECT DISTINCT c."business_id", t.tag FROM "customers" c CROSS JOIN LATERAL unnest(c."tags") AS t(tag)
WHERE t.tag <> ''
ON CONFLICT DO NOTHING;
