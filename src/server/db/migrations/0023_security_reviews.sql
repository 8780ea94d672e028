CREATE TABLE "payee_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"payee_kind" varchar(12) NOT NULL,
	"payee_name" varchar(60) NOT NULL,
	"bank_name" varchar(60) NOT NULL,
	"account_cipher" text NOT NULL,
	"account_masked" varchar(40) NOT NULL,
	"reason" varchar(200) NOT NULL,
	"state" varchar(12) DEFAULT 'pending' NOT NULL,
	"requested_by" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" varchar(200)
);
--> statement-breakpoint
CREATE TABLE "provider_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"state" varchar(12) DEFAULT 'pending' NOT NULL,
	"requested_by" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" varchar(500)
);
--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD COLUMN "archived_by" integer;--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD COLUMN "archive_reason" varchar(200);--> statement-breakpoint
ALTER TABLE "provider_licences" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_licences" ADD COLUMN "archived_by" integer;--> statement-breakpoint
ALTER TABLE "provider_licences" ADD COLUMN "archive_reason" varchar(200);--> statement-breakpoint
ALTER TABLE "payee_changes" ADD CONSTRAINT "payee_changes_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payee_changes" ADD CONSTRAINT "payee_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payee_changes" ADD CONSTRAINT "payee_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_changes" ADD CONSTRAINT "provider_changes_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_changes" ADD CONSTRAINT "provider_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_changes" ADD CONSTRAINT "provider_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payee_changes_one_pending_uq" ON "payee_changes" USING btree ("elder_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "payee_changes_state_idx" ON "payee_changes" USING btree ("state","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_changes_one_pending_uq" ON "provider_changes" USING btree ("provider_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "provider_changes_state_idx" ON "provider_changes" USING btree ("state","requested_at");--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD CONSTRAINT "caregiver_certificates_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_licences" ADD CONSTRAINT "provider_licences_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "login_attempts_username_at_idx" ON "login_attempts" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "login_attempts_at_idx" ON "login_attempts" USING btree ("at");