ALTER TYPE "public"."activity_type" ADD VALUE 'task_reopened' BEFORE 'imported';--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tasks_business_id_due_at_id_idx" ON "tasks" USING btree ("business_id","due_at","id");--> statement-breakpoint
CREATE INDEX "tasks_reminder_due_idx" ON "tasks" USING btree ("reminder_at") WHERE "tasks"."reminder_sent_at" is null and "tasks"."reminder_at" is not null and "tasks"."status" in ('open', 'in_progress');