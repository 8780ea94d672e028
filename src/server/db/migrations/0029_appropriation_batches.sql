DROP INDEX "appropriations_quarter_street_programme_uq";--> statement-breakpoint
ALTER TABLE "appropriations" ADD COLUMN "batch" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "appropriations_batch_uq" ON "appropriations" USING btree ("quarter","street_id","programme","batch");--> statement-breakpoint
CREATE UNIQUE INDEX "appropriations_planned_uq" ON "appropriations" USING btree ("quarter","street_id","programme") WHERE state = 'planned';