CREATE TABLE "customer_count_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_count_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"business_id" uuid NOT NULL,
	"delta" integer NOT NULL
);
--> statement-breakpoint
-- The counter triggers on "customers" no longer update "customer_counts" themselves: that took the
-- business's counter row lock at the first insert and held it to the end of the transaction, so concurrent
-- writers to one business (lead form submissions, REST creates) waited on each other for their whole
-- transaction. Each statement now records its change, and a deferred trigger applies it at commit.
CREATE FUNCTION "customer_count_changes_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Gone already: counted with the rest of its transaction's changes (below).
  DELETE FROM "customer_count_changes" WHERE "id" = NEW."id";
  IF NOT FOUND THEN RETURN NULL; END IF;
  UPDATE "customer_counts" SET "live" = "live" + NEW."delta" WHERE "business_id" = NEW."business_id";
  IF NOT FOUND THEN
    -- A business without its counter row gets one, counted with this transaction's changes included, whose
    -- other pending changes are then dropped; a business deleted in this transaction gets nothing. (Only
    -- this transaction's changes are visible here: every other's are either applied or uncommitted.)
    INSERT INTO "customer_counts" ("business_id", "live")
    SELECT b."id", (SELECT count(*)::int FROM "customers" c WHERE c."business_id" = b."id" AND c."deleted_at" IS NULL)
    FROM "businesses" b WHERE b."id" = NEW."business_id"
    ON CONFLICT ("business_id") DO NOTHING;
    DELETE FROM "customer_count_changes" WHERE "business_id" = NEW."business_id";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "customer_count_changes_apply" AFTER INSERT ON "customer_count_changes"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "customer_count_changes_apply"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "customer_counts_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A writer that keeps the counter itself in this transaction (the import's pipelined batches, which must
  -- take the counter's row lock in commit order) sets this for the transaction.
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO "customer_count_changes" ("business_id", "delta")
  SELECT "business_id", (count(*) FILTER (WHERE "deleted_at" IS NULL))::int FROM new_rows
  GROUP BY "business_id" HAVING count(*) FILTER (WHERE "deleted_at" IS NULL) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "customer_counts_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO "customer_count_changes" ("business_id", "delta")
  SELECT "business_id", sum(n)::int FROM (
    SELECT "business_id", 1 AS n FROM new_rows WHERE "deleted_at" IS NULL
    UNION ALL
    SELECT "business_id", -1 AS n FROM old_rows WHERE "deleted_at" IS NULL
  ) changes GROUP BY "business_id" HAVING sum(n) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "customer_counts_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO "customer_count_changes" ("business_id", "delta")
  SELECT "business_id", -count(*)::int FROM old_rows WHERE "deleted_at" IS NULL GROUP BY "business_id";
  RETURN NULL;
END $$;
