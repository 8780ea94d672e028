CREATE TABLE "assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"standard" varchar(30) NOT NULL,
	"assessed_on" date NOT NULL,
	"assessor" varchar(40) NOT NULL,
	"reason" varchar(20) NOT NULL,
	"answers" jsonb NOT NULL,
	"dementia_or_mental_disorder" boolean NOT NULL,
	"risk_events_last_30_days" integer NOT NULL,
	"dimensions" jsonb NOT NULL,
	"total" integer NOT NULL,
	"preliminary_grade" varchar(12) NOT NULL,
	"grade" varchar(12) NOT NULL,
	"adjustments" jsonb NOT NULL,
	"next_due" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elder_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"type" varchar(30) NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "elders" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"name" varchar(40) NOT NULL,
	"name_pinyin" varchar(120) NOT NULL,
	"name_initials" varchar(40) NOT NULL,
	"id_cipher" text NOT NULL,
	"id_hash" varchar(64) NOT NULL,
	"id_masked" varchar(18) NOT NULL,
	"birth_date" date NOT NULL,
	"sex" varchar(1) NOT NULL,
	"phone_cipher" text,
	"phone_hash" varchar(64),
	"phone_masked" varchar(20),
	"address" varchar(200) NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"hukou" varchar(10) NOT NULL,
	"residence_years" integer,
	"living_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"category_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"health" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ability_grade" varchar(12),
	"ability_assessed_on" date,
	"ability_next_due" date,
	"status" varchar(12) DEFAULT 'active' NOT NULL,
	"death_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"created_by" integer NOT NULL,
	"filename" varchar(200) NOT NULL,
	"mode" varchar(16) NOT NULL,
	"status" varchar(12) NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text,
	"file" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "needs_surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"surveyed_on" date NOT NULL,
	"surveyor" varchar(40) NOT NULL,
	"needs" text[] NOT NULL,
	"notes" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_events" ADD CONSTRAINT "elder_events_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elders" ADD CONSTRAINT "elders_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs_surveys" ADD CONSTRAINT "needs_surveys_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_elder_idx" ON "assessments" USING btree ("elder_id","assessed_on");--> statement-breakpoint
CREATE INDEX "elder_events_unhandled_idx" ON "elder_events" USING btree ("handled_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "elders_id_hash_uq" ON "elders" USING btree ("id_hash");--> statement-breakpoint
CREATE INDEX "elders_phone_hash_idx" ON "elders" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "elders_region_idx" ON "elders" USING btree ("region_id","status");--> statement-breakpoint
CREATE INDEX "elders_name_idx" ON "elders" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "elders_pinyin_idx" ON "elders" USING btree ("name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "elders_initials_idx" ON "elders" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "elders_birth_idx" ON "elders" USING btree ("birth_date");--> statement-breakpoint
CREATE INDEX "elders_categories_idx" ON "elders" USING gin ("category_types");--> statement-breakpoint
CREATE INDEX "elders_flags_idx" ON "elders" USING gin ("living_flags");--> statement-breakpoint
CREATE INDEX "needs_surveys_elder_idx" ON "needs_surveys" USING btree ("elder_id","surveyed_on");