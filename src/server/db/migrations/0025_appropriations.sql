CREATE TABLE "appropriations" (
	"id" serial PRIMARY KEY NOT NULL,
	"quarter" varchar(7) NOT NULL,
	"street_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"headcount" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"district_fen" integer NOT NULL,
	"street_fen" integer NOT NULL,
	"state" varchar(10) DEFAULT 'planned' NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"planned_by" integer,
	"sent_at" timestamp with time zone,
	"sent_by" integer,
	"received_at" timestamp with time zone,
	"received_by" integer
);
--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_street_id_regions_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_planned_by_users_id_fk" FOREIGN KEY ("planned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appropriations_quarter_street_programme_uq" ON "appropriations" USING btree ("quarter","street_id","programme");--> statement-breakpoint
CREATE INDEX "appropriations_state_idx" ON "appropriations" USING btree ("state","quarter");