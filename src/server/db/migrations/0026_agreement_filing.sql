ALTER TABLE "support_agreements" ADD COLUMN "house_sqm" double precision;--> statement-breakpoint
ALTER TABLE "support_agreements" ADD COLUMN "filed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_agreements" ADD COLUMN "filed_by" integer;--> statement-breakpoint
ALTER TABLE "support_agreements" ADD CONSTRAINT "support_agreements_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;