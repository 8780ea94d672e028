CREATE TABLE "support_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"villager_group" varchar(60) NOT NULL,
	"village_committee" varchar(60) NOT NULL,
	"township_office" varchar(60) NOT NULL,
	"carer" varchar(60),
	"contracted_land_mu" double precision NOT NULL,
	"homestead_sqm" double precision NOT NULL,
	"house_rooms" integer NOT NULL,
	"property_notes" varchar(500),
	"signed_on" date NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_agreements" ADD CONSTRAINT "support_agreements_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_agreements" ADD CONSTRAINT "support_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_agreements_app_uq" ON "support_agreements" USING btree ("application_id");