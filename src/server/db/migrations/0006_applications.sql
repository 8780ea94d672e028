CREATE TABLE "application_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"action" varchar(20) NOT NULL,
	"from_state" varchar(20),
	"to_state" varchar(20) NOT NULL,
	"actor_id" integer NOT NULL,
	"actor_name" varchar(40) NOT NULL,
	"opinion" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"kind" varchar(10) NOT NULL,
	"state" varchar(20) NOT NULL,
	"submitted_on" date NOT NULL,
	"deadline" date,
	"notice_from" date,
	"notice_to" date,
	"open_objections" integer DEFAULT 0 NOT NULL,
	"effective_from" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_programme_programmes_code_fk" FOREIGN KEY ("programme") REFERENCES "public"."programmes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_steps_app_idx" ON "application_steps" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "applications_region_state_idx" ON "applications" USING btree ("region_id","state");--> statement-breakpoint
CREATE INDEX "applications_deadline_idx" ON "applications" USING btree ("state","deadline");