CREATE TABLE "bill_payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"elder_id" integer NOT NULL,
	"month" varchar(7) NOT NULL,
	"amount_fen" integer NOT NULL,
	"method" varchar(10) NOT NULL,
	"note" varchar(200),
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bill_payments_uq" ON "bill_payments" USING btree ("elder_id","month");--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_amount_ck" CHECK ("amount_fen" >= 0);
