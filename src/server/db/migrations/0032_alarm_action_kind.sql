ALTER TABLE "alarm_actions" ALTER COLUMN "kind" SET DATA TYPE varchar(24);--> statement-breakpoint
UPDATE "alarm_actions" SET "kind" = 'notified_community' WHERE "kind" = 'notified';
