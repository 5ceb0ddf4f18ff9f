ALTER TABLE "imports" ADD COLUMN "requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "resent_at" timestamp with time zone;