-- A pipelined import registers its batch's tags itself, after the batch before it has committed (as it
-- counts its customers): a trigger inserting a new tag would wait on the earlier, still open batch.
CREATE OR REPLACE FUNCTION "business_tags_after_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mini_crm.counted_by_caller', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO "business_tags" ("business_id", "tag")
  SELECT DISTINCT n."business_id", t.tag FROM new_rows n CROSS JOIN LATERAL unnest(n."tags") AS t(tag)
  WHERE t.tag <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
