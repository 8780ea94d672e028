CREATE TABLE "settlement_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" integer NOT NULL,
	"kind" varchar(12) NOT NULL,
	"order_id" integer,
	"complaint_id" integer,
	"voucher_id" integer,
	"region_id" integer NOT NULL,
	"programmes" jsonb NOT NULL,
	"subsidy_fen" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"service_date" date
);
--> statement-breakpoint
CREATE TABLE "settlement_shares" (
	"settlement_id" integer NOT NULL,
	"street_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"amount_fen" integer NOT NULL,
	"district_fen" integer NOT NULL,
	"street_fen" integer NOT NULL,
	CONSTRAINT "settlement_shares_settlement_id_street_id_programme_pk" PRIMARY KEY("settlement_id","street_id","programme")
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"period" varchar(7) NOT NULL,
	"state" varchar(10) DEFAULT 'draft' NOT NULL,
	"totals" jsonb NOT NULL,
	"due_fen" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_note" varchar(500),
	"approved_by" integer,
	"approved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "programmes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_voucher_id_paper_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."paper_vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_shares" ADD CONSTRAINT "settlement_shares_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_shares" ADD CONSTRAINT "settlement_shares_street_id_regions_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_computed_by_users_id_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "settlement_items_settlement_idx" ON "settlement_items" USING btree ("settlement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_order_uq" ON "settlement_items" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_complaint_uq" ON "settlement_items" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_voucher_uq" ON "settlement_items" USING btree ("voucher_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_provider_period_uq" ON "settlements" USING btree ("provider_id","period");--> statement-breakpoint
CREATE INDEX "settlements_period_idx" ON "settlements" USING btree ("period","state");--> statement-breakpoint
UPDATE "orders" o SET "programmes" = coalesce((
  SELECT jsonb_object_agg(x.programme, x.fen) FROM (
    SELECT p->>'programme' AS programme, sum((p->>'fen')::int) AS fen
    FROM order_lines l, jsonb_array_elements(coalesce(l.breakdown->'hours', '[]'::jsonb) || coalesce(l.breakdown->'vouchers', '[]'::jsonb)) p
    WHERE l.order_id = o.id GROUP BY 1 HAVING sum((p->>'fen')::int) > 0) x), '{}'::jsonb);--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_state_ck" CHECK ("state" IN ('draft', 'reviewed', 'approved'));--> statement-breakpoint
ALTER TABLE "settlement_items" ADD CONSTRAINT "settlement_items_kind_ck" CHECK ("kind" IN ('order', 'adjustment', 'unverified', 'complaint', 'voucher'));--> statement-breakpoint
ALTER TABLE "settlement_shares" ADD CONSTRAINT "settlement_shares_sum_ck" CHECK ("district_fen" + "street_fen" = "amount_fen");
--> statement-breakpoint
CREATE FUNCTION settlement_items_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT state FROM settlements WHERE id = OLD.settlement_id) <> 'draft' THEN
    RAISE EXCEPTION 'settlement % is closed to edits: correct it in the next period', OLD.settlement_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER settlement_items_no_edit BEFORE UPDATE OR DELETE ON settlement_items FOR EACH ROW EXECUTE FUNCTION settlement_items_closed();
