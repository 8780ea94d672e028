CREATE TABLE "entitlements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"version_id" integer NOT NULL,
	"class_code" varchar(10) NOT NULL,
	"class_label" varchar(30) NOT NULL,
	"benefit" jsonb NOT NULL,
	"district_share" integer NOT NULL,
	"street_share" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entitlements_elder_idx" ON "entitlements" USING btree ("elder_id");--> statement-breakpoint
CREATE INDEX "entitlements_programme_idx" ON "entitlements" USING btree ("programme","valid_from");