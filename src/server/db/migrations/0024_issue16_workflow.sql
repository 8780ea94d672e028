DROP INDEX "replacement_cases_open_uq";--> statement-breakpoint
ALTER TABLE "provider_agreements" ADD COLUMN "signed_by_region_id" integer;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "opened_by" integer;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "blocking" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "verification" varchar(10);--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "finding" varchar(500);--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "verified_by" integer;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_agreements" ADD CONSTRAINT "provider_agreements_signed_by_region_id_regions_id_fk" FOREIGN KEY ("signed_by_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "replacement_cases_live_uq" ON "replacement_cases" USING btree ("elder_id","caregiver_id") WHERE state <> 'closed';