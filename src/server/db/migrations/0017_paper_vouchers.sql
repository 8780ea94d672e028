CREATE TABLE "paper_vouchers" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(24) NOT NULL,
	"elder_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"value_fen" integer NOT NULL,
	"draw_entry_id" bigint NOT NULL,
	"state" varchar(10) DEFAULT 'issued' NOT NULL,
	"issued_by" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"redeemed_provider_id" integer,
	"redeemed_by" integer,
	"redeemed_at" timestamp with time zone,
	"redeemed_channel" varchar(8)
);
--> statement-breakpoint
CREATE TABLE "voucher_refusals" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(24) NOT NULL,
	"voucher_id" integer,
	"provider_id" integer,
	"user_id" integer NOT NULL,
	"reason" varchar(200) NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "balance" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "drawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_draw_entry_id_ledger_entries_id_fk" FOREIGN KEY ("draw_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_redeemed_provider_id_providers_id_fk" FOREIGN KEY ("redeemed_provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_redeemed_by_users_id_fk" FOREIGN KEY ("redeemed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_refusals" ADD CONSTRAINT "voucher_refusals_voucher_id_paper_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."paper_vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_refusals" ADD CONSTRAINT "voucher_refusals_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_refusals" ADD CONSTRAINT "voucher_refusals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "paper_vouchers_code_uq" ON "paper_vouchers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "paper_vouchers_elder_idx" ON "paper_vouchers" USING btree ("elder_id");--> statement-breakpoint
CREATE INDEX "paper_vouchers_redeemed_idx" ON "paper_vouchers" USING btree ("redeemed_provider_id","redeemed_at");--> statement-breakpoint
CREATE INDEX "voucher_refusals_at_idx" ON "voucher_refusals" USING btree ("at");--> statement-breakpoint
UPDATE "ledger_accounts" a SET "balance" = coalesce((SELECT sum(e."amount") FROM "ledger_entries" e WHERE e."account_id" = a."id"), 0);--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_balance_ck" CHECK ("balance" >= 0);--> statement-breakpoint
CREATE FUNCTION ledger_entries_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entries_post();--> statement-breakpoint
ALTER TABLE "paper_vouchers" ADD CONSTRAINT "paper_vouchers_state_ck" CHECK ("state" IN ('issued', 'redeemed', 'void') AND ("value_fen" > 0) AND (("state" = 'redeemed') = ("redeemed_at" IS NOT NULL)));--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_draw_uq" ON "ledger_entries" USING btree ("account_id", "order_id") WHERE kind = 'draw' AND order_id IS NOT NULL;
