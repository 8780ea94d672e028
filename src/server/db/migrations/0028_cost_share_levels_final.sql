ALTER TABLE "appropriations" ALTER COLUMN "shares" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "entitlements" ALTER COLUMN "cost_share" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_shares" ALTER COLUMN "shares" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "appropriations" DROP COLUMN "district_fen";--> statement-breakpoint
ALTER TABLE "appropriations" DROP COLUMN "street_fen";--> statement-breakpoint
ALTER TABLE "entitlements" DROP COLUMN "district_share";--> statement-breakpoint
ALTER TABLE "entitlements" DROP COLUMN "street_share";--> statement-breakpoint
ALTER TABLE "settlement_shares" DROP CONSTRAINT IF EXISTS "settlement_shares_sum_ck";--> statement-breakpoint
ALTER TABLE "settlement_shares" DROP COLUMN "district_fen";--> statement-breakpoint
ALTER TABLE "settlement_shares" DROP COLUMN "street_fen";--> statement-breakpoint
ALTER TABLE "settlement_shares" ADD CONSTRAINT "settlement_shares_sum_ck" CHECK (fen_shares_sum("shares") = "amount_fen");--> statement-breakpoint
ALTER TABLE "appropriations" ADD CONSTRAINT "appropriations_sum_ck" CHECK (fen_shares_sum("shares") = "amount_fen");
