CREATE TABLE "webhook_receipts" (
	"signature" varchar(80) PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_receipts_at_idx" ON "webhook_receipts" USING btree ("received_at");