CREATE TABLE "caregiver_certificates" (
	"id" serial PRIMARY KEY NOT NULL,
	"caregiver_id" integer NOT NULL,
	"kind" varchar(24) NOT NULL,
	"level" integer,
	"number" varchar(60) NOT NULL,
	"issuer" varchar(60) NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "caregivers" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"user_id" integer,
	"name" varchar(40) NOT NULL,
	"id_cipher" text NOT NULL,
	"id_hash" varchar(64) NOT NULL,
	"id_masked" varchar(18) NOT NULL,
	"birth_date" date NOT NULL,
	"sex" varchar(1) NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_hash" varchar(64) NOT NULL,
	"phone_masked" varchar(20) NOT NULL,
	"photo_sha256" varchar(64),
	"photo_mime" varchar(20),
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"work_days" integer[] DEFAULT '{1,2,3,4,5}'::int[] NOT NULL,
	"work_start" varchar(5) DEFAULT '08:00' NOT NULL,
	"work_end" varchar(5) DEFAULT '18:00' NOT NULL,
	"home_address" varchar(200),
	"home_lng" double precision,
	"home_lat" double precision,
	"status" varchar(12) DEFAULT 'active' NOT NULL,
	"status_reason" varchar(200),
	"joined_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"number" varchar(40) NOT NULL,
	"signed_on" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" varchar(12) NOT NULL,
	"status_reason" varchar(500),
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"quarter" varchar(6) NOT NULL,
	"inputs" jsonb NOT NULL,
	"score" double precision,
	"reason" varchar(300) NOT NULL,
	"factor" double precision NOT NULL,
	"points" jsonb NOT NULL,
	"rule_version_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_items" (
	"provider_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	CONSTRAINT "provider_items_provider_id_item_id_pk" PRIMARY KEY("provider_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "provider_licences" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"kind" varchar(24) NOT NULL,
	"number" varchar(60) NOT NULL,
	"issuer" varchar(60) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_rule_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"params" jsonb NOT NULL,
	"note" varchar(200),
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_rule_versions_effective_from_unique" UNIQUE("effective_from")
);
--> statement-breakpoint
CREATE TABLE "service_categories" (
	"code" varchar(20) PRIMARY KEY NOT NULL,
	"name" varchar(20) NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(12) NOT NULL,
	"category_code" varchar(20) NOT NULL,
	"name" varchar(40) NOT NULL,
	"content" varchar(500) NOT NULL,
	"unit" varchar(8) NOT NULL,
	"duration_minutes" integer NOT NULL,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"required_certificates" text[] DEFAULT '{}'::text[] NOT NULL,
	"subsidy_eligible" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"name" varchar(60) NOT NULL,
	"address" varchar(200) NOT NULL,
	"region_id" integer,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"area_kind" varchar(8) NOT NULL,
	"agreed_radius_m" integer,
	"radius_m" integer,
	"polygon" jsonb,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_prices" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"price_fen" integer NOT NULL,
	"note" varchar(200),
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "kind" varchar(20) DEFAULT 'company' NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "credit_code" varchar(18);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "legal_representative" varchar(40);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "contact_name" varchar(40);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "contact_phone" varchar(20);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "address" varchar(200);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "lng" double precision;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "description" varchar(500);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "status" varchar(12) DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "review_note" varchar(500);--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "rating" double precision;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD CONSTRAINT "caregiver_certificates_caregiver_id_caregivers_id_fk" FOREIGN KEY ("caregiver_id") REFERENCES "public"."caregivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caregivers" ADD CONSTRAINT "caregivers_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caregivers" ADD CONSTRAINT "caregivers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_agreements" ADD CONSTRAINT "provider_agreements_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_agreements" ADD CONSTRAINT "provider_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_evaluations" ADD CONSTRAINT "provider_evaluations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_evaluations" ADD CONSTRAINT "provider_evaluations_rule_version_id_provider_rule_versions_id_fk" FOREIGN KEY ("rule_version_id") REFERENCES "public"."provider_rule_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_items" ADD CONSTRAINT "provider_items_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_items" ADD CONSTRAINT "provider_items_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_licences" ADD CONSTRAINT "provider_licences_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_rule_versions" ADD CONSTRAINT "provider_rule_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_category_code_service_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."service_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_points" ADD CONSTRAINT "service_points_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_points" ADD CONSTRAINT "service_points_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_prices" ADD CONSTRAINT "service_prices_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_prices" ADD CONSTRAINT "service_prices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "caregiver_certificates_caregiver_idx" ON "caregiver_certificates" USING btree ("caregiver_id");--> statement-breakpoint
CREATE INDEX "caregiver_certificates_until_idx" ON "caregiver_certificates" USING btree ("kind","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "caregivers_id_hash_uq" ON "caregivers" USING btree ("id_hash") WHERE status <> 'left';--> statement-breakpoint
CREATE UNIQUE INDEX "caregivers_user_uq" ON "caregivers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "caregivers_provider_idx" ON "caregivers" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "caregivers_name_idx" ON "caregivers" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "provider_agreements_provider_idx" ON "provider_agreements" USING btree ("provider_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_agreements_number_uq" ON "provider_agreements" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_evaluations_uq" ON "provider_evaluations" USING btree ("provider_id","quarter");--> statement-breakpoint
CREATE INDEX "provider_items_item_idx" ON "provider_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "provider_licences_provider_idx" ON "provider_licences" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "provider_licences_until_idx" ON "provider_licences" USING btree ("valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_code_uq" ON "service_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_name_uq" ON "service_items" USING btree ("category_code","name");--> statement-breakpoint
CREATE INDEX "service_points_provider_idx" ON "service_points" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_prices_from_uq" ON "service_prices" USING btree ("item_id","effective_from");--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_parent_id_providers_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "providers_credit_code_uq" ON "providers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "providers_region_idx" ON "providers" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "providers_parent_idx" ON "providers" USING btree ("parent_id");--> statement-breakpoint
-- Money is whole fen and never negative, whatever path writes it.
ALTER TABLE "service_prices" ADD CONSTRAINT "service_prices_fen_ck" CHECK ("price_fen" >= 0 AND "price_fen" <= 10000000);--> statement-breakpoint
ALTER TABLE "service_prices" ADD CONSTRAINT "service_prices_range_ck" CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from");--> statement-breakpoint
ALTER TABLE "provider_agreements" ADD CONSTRAINT "provider_agreements_range_ck" CHECK ("end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "caregiver_certificates" ADD CONSTRAINT "caregiver_certificates_range_ck" CHECK ("valid_until" IS NULL OR "valid_until" >= "issued_on");
