CREATE TABLE "customer_counts" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"live" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_counts" ADD CONSTRAINT "customer_counts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "customer_counts" ("business_id", "live")
SELECT b."id", (SELECT count(*)::int FROM "customers" c WHERE c."business_id" = b."id" AND c."deleted_at" IS NULL)
FROM "businesses" b;
--> statement-breakpoint
CREATE FUNCTION "customer_counts_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A writer that keeps the counter itself in this transaction (the import's pipelined batches, which must
  -- take the counter's row lock in commit order) sets this for the transaction.
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO "customer_counts" ("business_id", "live")
  SELECT "business_id", (count(*) FILTER (WHERE "deleted_at" IS NULL))::int FROM new_rows GROUP BY "business_id"
  ON CONFLICT ("business_id") DO UPDATE SET "live" = "customer_counts"."live" + excluded."live";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "customer_counts_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A writer that keeps the counter itself in this transaction (the import's pipelined batches, which must
  -- take the counter's row lock in commit order) sets this for the transaction.
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  UPDATE "customer_counts" c SET "live" = c."live" + d.delta
  FROM (
    SELECT "business_id", sum(n)::int AS delta FROM (
      SELECT "business_id", 1 AS n FROM new_rows WHERE "deleted_at" IS NULL
      UNION ALL
      SELECT "business_id", -1 AS n FROM old_rows WHERE "deleted_at" IS NULL
    ) changes GROUP BY "business_id" HAVING sum(n) <> 0
  ) d
  WHERE c."business_id" = d."business_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "customer_counts_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A writer that keeps the counter itself in this transaction (the import's pipelined batches, which must
  -- take the counter's row lock in commit order) sets this for the transaction.
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  -- Only updates: when a business is deleted its counter row goes with it (cascade).
  UPDATE "customer_counts" c SET "live" = c."live" - d.n
  FROM (SELECT "business_id", count(*)::int AS n FROM old_rows WHERE "deleted_at" IS NULL GROUP BY "business_id") d
  WHERE c."business_id" = d."business_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "customers_count_insert" AFTER INSERT ON "customers"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "customer_counts_after_insert"();
--> statement-breakpoint
CREATE TRIGGER "customers_count_update" AFTER UPDATE ON "customers"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "customer_counts_after_update"();
--> statement-breakpoint
CREATE TRIGGER "customers_count_delete" AFTER DELETE ON "customers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "customer_counts_after_delete"();
--> statement-breakpoint
CREATE FUNCTION "customer_counts_after_business_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "customer_counts" ("business_id", "live") SELECT "id", 0 FROM new_rows
  ON CONFLICT ("business_id") DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "businesses_count_insert" AFTER INSERT ON "businesses"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "customer_counts_after_business_insert"();
