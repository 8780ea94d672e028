CREATE TABLE "alarm_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" integer,
	"order_id" integer,
	"note" varchar(500)
);
--> statement-breakpoint
CREATE TABLE "alarm_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"device_id" integer,
	"elder_id" integer,
	"region_id" integer,
	"type" varchar(12) NOT NULL,
	"state" varchar(12) NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"repeats" integer DEFAULT 0 NOT NULL,
	"last_repeat_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"outcome" varchar(16),
	"note" varchar(500)
);
--> statement-breakpoint
CREATE TABLE "device_bindings" (
	"id" serial PRIMARY KEY NOT NULL,
	"device_id" integer NOT NULL,
	"elder_id" integer NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	"bound_by" integer,
	"unbound_at" timestamp with time zone,
	"unbound_by" integer,
	"reason" varchar(200)
);
--> statement-breakpoint
CREATE TABLE "device_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" integer NOT NULL,
	"elder_id" integer,
	"kind" varchar(10) NOT NULL,
	"device_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"valid" boolean,
	"accuracy" double precision,
	"payload" jsonb NOT NULL,
	"dedupe" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" varchar(12) NOT NULL,
	"protocol" varchar(12) NOT NULL,
	"vendor" varchar(40),
	"device_key" varchar(40) NOT NULL,
	"imei" varchar(20),
	"sim_number" varchar(20),
	"elder_id" integer,
	"region_id" integer,
	"last_seen_at" timestamp with time zone,
	"battery" integer,
	"signal" integer,
	"last_lat" double precision,
	"last_lng" double precision,
	"last_fix_at" timestamp with time zone,
	"last_accuracy" double precision,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "geofences" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"name" varchar(40) NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"radius_m" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trip_positions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"caregiver_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"accuracy" double precision
);
--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "alarm_actions" ADD CONSTRAINT "alarm_actions_case_id_alarm_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."alarm_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_actions" ADD CONSTRAINT "alarm_actions_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_actions" ADD CONSTRAINT "alarm_actions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_cases" ADD CONSTRAINT "alarm_cases_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_cases" ADD CONSTRAINT "alarm_cases_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_cases" ADD CONSTRAINT "alarm_cases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_cases" ADD CONSTRAINT "alarm_cases_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_cases" ADD CONSTRAINT "alarm_cases_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_bindings" ADD CONSTRAINT "device_bindings_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_bindings" ADD CONSTRAINT "device_bindings_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_bindings" ADD CONSTRAINT "device_bindings_bound_by_users_id_fk" FOREIGN KEY ("bound_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_bindings" ADD CONSTRAINT "device_bindings_unbound_by_users_id_fk" FOREIGN KEY ("unbound_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "geofences" ADD CONSTRAINT "geofences_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip_positions" ADD CONSTRAINT "trip_positions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trip_positions" ADD CONSTRAINT "trip_positions_caregiver_id_caregivers_id_fk" FOREIGN KEY ("caregiver_id") REFERENCES "public"."caregivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_actions_case_idx" ON "alarm_actions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "alarm_cases_state_idx" ON "alarm_cases" USING btree ("state","raised_at");--> statement-breakpoint
CREATE INDEX "alarm_cases_region_idx" ON "alarm_cases" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alarm_cases_open_device_uq" ON "alarm_cases" USING btree ("device_id") WHERE state <> 'closed' and device_id is not null;--> statement-breakpoint
CREATE INDEX "device_bindings_device_idx" ON "device_bindings" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "device_bindings_open_uq" ON "device_bindings" USING btree ("device_id") WHERE unbound_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "device_events_dedupe_uq" ON "device_events" USING btree ("device_id","dedupe");--> statement-breakpoint
CREATE INDEX "device_events_device_at_idx" ON "device_events" USING btree ("device_id","received_at");--> statement-breakpoint
CREATE INDEX "device_events_received_idx" ON "device_events" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_key_uq" ON "devices" USING btree ("protocol","device_key");--> statement-breakpoint
CREATE INDEX "devices_elder_idx" ON "devices" USING btree ("elder_id");--> statement-breakpoint
CREATE INDEX "devices_region_idx" ON "devices" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "geofences_elder_idx" ON "geofences" USING btree ("elder_id");--> statement-breakpoint
CREATE INDEX "trip_positions_order_idx" ON "trip_positions" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "trip_positions_at_idx" ON "trip_positions" USING btree ("at");