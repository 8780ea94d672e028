ALTER TABLE "settlement_items" DROP CONSTRAINT "settlement_items_order_id_orders_id_fk";
--> statement-breakpoint
ALTER TABLE "settlement_items" DROP CONSTRAINT "settlement_items_complaint_id_complaints_id_fk";
--> statement-breakpoint
ALTER TABLE "settlement_items" DROP CONSTRAINT "settlement_items_voucher_id_paper_vouchers_id_fk";
--> statement-breakpoint
ALTER TABLE "settlement_items" DROP CONSTRAINT "settlement_items_region_id_regions_id_fk";
--> statement-breakpoint
DROP INDEX "settlement_items_order_uq";--> statement-breakpoint
DROP INDEX "settlement_items_complaint_uq";--> statement-breakpoint
DROP INDEX "settlement_items_voucher_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_order_uq" ON "settlement_items" USING btree ("order_id") WHERE order_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_complaint_uq" ON "settlement_items" USING btree ("complaint_id") WHERE complaint_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_voucher_uq" ON "settlement_items" USING btree ("voucher_id") WHERE voucher_id is not null;