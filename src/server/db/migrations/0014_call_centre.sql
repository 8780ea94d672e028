CREATE TABLE "callbacks" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" varchar(12) DEFAULT 'open' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"comment" varchar(500),
	"user_id" integer,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "complaint_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"complaint_id" integer NOT NULL,
	"kind" varchar(10) NOT NULL,
	"text" varchar(1000) NOT NULL,
	"user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"order_id" integer,
	"caregiver_id" integer,
	"provider_id" integer,
	"channel" varchar(8) NOT NULL,
	"content" varchar(1000) NOT NULL,
	"assignee" varchar(8) NOT NULL,
	"state" varchar(10) DEFAULT 'open' NOT NULL,
	"received_on" date NOT NULL,
	"due_on" date NOT NULL,
	"result" varchar(1000),
	"upheld" boolean,
	"confirmation" varchar(12),
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"elder_id" integer NOT NULL,
	"caregiver_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"level" varchar(16) NOT NULL,
	"source" varchar(8) NOT NULL,
	"comment" varchar(500),
	"rated_on" date NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "replacement_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"caregiver_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"trigger" jsonb NOT NULL,
	"state" varchar(8) DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"note" varchar(500)
);
--> statement-breakpoint
CREATE TABLE "service_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"weekdays" integer[] NOT NULL,
	"start_time" varchar(5) NOT NULL,
	"end_time" varchar(5) NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"notes" varchar(500),
	"state" varchar(8) DEFAULT 'active' NOT NULL,
	"stop_reason" varchar(200),
	"generated_until" date,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_inbound" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone_hash" varchar(64) NOT NULL,
	"phone_masked" varchar(20) NOT NULL,
	"text" varchar(500) NOT NULL,
	"outcome" varchar(12) NOT NULL,
	"order_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" varchar(10) NOT NULL,
	"elder_id" integer,
	"order_id" integer,
	"phone_cipher" text NOT NULL,
	"phone_hash" varchar(64) NOT NULL,
	"phone_masked" varchar(20) NOT NULL,
	"body" varchar(500) NOT NULL,
	"state" varchar(8) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" varchar(300),
	"gateway_id" varchar(80),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "visit_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"decision" varchar(8) NOT NULL,
	"reason_code" varchar(30),
	"resolution_code" varchar(30),
	"note" varchar(500) NOT NULL,
	"by_level" varchar(8) NOT NULL,
	"user_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "plan_id" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "state_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "verification" varchar(10);--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_notes" ADD CONSTRAINT "complaint_notes_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_notes" ADD CONSTRAINT "complaint_notes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_caregiver_id_caregivers_id_fk" FOREIGN KEY ("caregiver_id") REFERENCES "public"."caregivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_caregiver_id_caregivers_id_fk" FOREIGN KEY ("caregiver_id") REFERENCES "public"."caregivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_caregiver_id_caregivers_id_fk" FOREIGN KEY ("caregiver_id") REFERENCES "public"."caregivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replacement_cases" ADD CONSTRAINT "replacement_cases_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_inbound" ADD CONSTRAINT "sms_inbound_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_reviews" ADD CONSTRAINT "visit_reviews_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_reviews" ADD CONSTRAINT "visit_reviews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callbacks_order_uq" ON "callbacks" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "callbacks_due_idx" ON "callbacks" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "complaint_notes_complaint_idx" ON "complaint_notes" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaints_state_idx" ON "complaints" USING btree ("state","due_on");--> statement-breakpoint
CREATE INDEX "complaints_pair_idx" ON "complaints" USING btree ("elder_id","caregiver_id","received_on");--> statement-breakpoint
CREATE INDEX "complaints_region_idx" ON "complaints" USING btree ("region_id","received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_order_uq" ON "ratings" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ratings_caregiver_idx" ON "ratings" USING btree ("caregiver_id","rated_on");--> statement-breakpoint
CREATE INDEX "ratings_provider_idx" ON "ratings" USING btree ("provider_id","rated_on");--> statement-breakpoint
CREATE INDEX "ratings_pair_idx" ON "ratings" USING btree ("elder_id","caregiver_id");--> statement-breakpoint
CREATE UNIQUE INDEX "replacement_cases_open_uq" ON "replacement_cases" USING btree ("elder_id","caregiver_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "replacement_cases_region_idx" ON "replacement_cases" USING btree ("region_id","state");--> statement-breakpoint
CREATE INDEX "service_plans_elder_idx" ON "service_plans" USING btree ("elder_id");--> statement-breakpoint
CREATE INDEX "service_plans_state_idx" ON "service_plans" USING btree ("state");--> statement-breakpoint
CREATE INDEX "sms_outbox_due_idx" ON "sms_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_phone_idx" ON "sms_outbox" USING btree ("phone_hash","created_at");--> statement-breakpoint
CREATE INDEX "visit_reviews_order_idx" ON "visit_reviews" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_plan_day_uq" ON "orders" USING btree ("plan_id","service_date");--> statement-breakpoint
CREATE INDEX "orders_verification_idx" ON "orders" USING btree ("verification") WHERE verification in ('exception', 'explained');--> statement-breakpoint
UPDATE "orders" SET "state_at" = "updated_at";--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_verification_ck" CHECK ("verification" IN ('verified', 'exception', 'explained', 'accepted', 'rejected'));--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_level_ck" CHECK ("level" IN ('very_satisfied', 'satisfied', 'basic', 'unsatisfied'));--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_state_ck" CHECK ("state" IN ('open', 'done', 'unreachable', 'rated_by_sms'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_state_ck" CHECK ("state" IN ('open', 'answered', 'closed'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_due_ck" CHECK ("due_on" >= "received_on");--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_state_ck" CHECK ("state" IN ('pending', 'sent', 'failed'));--> statement-breakpoint
ALTER TABLE "service_plans" ADD CONSTRAINT "service_plans_window_ck" CHECK ("end_time" > "start_time" AND ("ends_on" IS NULL OR "ends_on" >= "starts_on"));
