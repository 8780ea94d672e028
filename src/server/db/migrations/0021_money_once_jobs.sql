CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" varchar(40) NOT NULL,
	"slot" varchar(40) NOT NULL,
	"state" varchar(10) NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"server_id" varchar(60) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"lease_until" timestamp with time zone NOT NULL,
	"retry_at" timestamp with time zone,
	"result" jsonb,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "server_id" varchar(60);--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "basis" varchar(5) DEFAULT 'month' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "idempotency_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "payment_lines" ADD COLUMN "month" varchar(7);--> statement-breakpoint
ALTER TABLE "payment_lines" ADD COLUMN "duplicate_of" bigint;--> statement-breakpoint
UPDATE "payment_lines" l SET "month" = p."month" FROM "payment_lists" p WHERE p."id" = l."list_id";--> statement-breakpoint
ALTER TABLE "payment_lines" ALTER COLUMN "month" SET NOT NULL;--> statement-breakpoint
-- Lines that repeat an earlier one for the same elder, programme, part and month (the daily
-- recompute used to cut periods, and a list made one line per period).
UPDATE "payment_lines" l SET "duplicate_of" = d."first_id"
FROM (
  SELECT "id", min("id") OVER (PARTITION BY "elder_id", "programme", "part", "month") AS "first_id"
  FROM "payment_lines"
) d
WHERE d."id" = l."id" AND d."first_id" <> l."id";--> statement-breakpoint
-- A draft was never sent: drop its repeats and count its totals again.
DELETE FROM "payment_lines" l USING "payment_lists" p
WHERE p."id" = l."list_id" AND p."state" = 'draft' AND l."duplicate_of" IS NOT NULL;--> statement-breakpoint
UPDATE "payment_lists" p SET "totals" = jsonb_build_object(
  'lines', t."lines", 'elders', t."elders", 'payableFen', t."payable_fen", 'pooledFen', t."pooled_fen",
  'problemLines', t."problem_lines", 'problemFen', t."problem_fen")
FROM (
  SELECT "list_id", count(*)::int AS "lines", count(DISTINCT "elder_id")::int AS "elders",
    coalesce(sum("amount_fen") FILTER (WHERE NOT "pooled" AND "problem" IS NULL), 0)::int AS "payable_fen",
    coalesce(sum("amount_fen") FILTER (WHERE "pooled"), 0)::int AS "pooled_fen",
    count(*) FILTER (WHERE "problem" IS NOT NULL)::int AS "problem_lines",
    coalesce(sum("amount_fen") FILTER (WHERE "problem" IS NOT NULL), 0)::int AS "problem_fen"
  FROM "payment_lines" GROUP BY "list_id"
) t
WHERE t."list_id" = p."id" AND p."state" = 'draft';--> statement-breakpoint
-- A repeat that went to the bank was paid twice: it stays on its list and is to be recovered.
INSERT INTO "payment_recoveries" ("line_id", "elder_id", "month", "amount_fen", "reason")
SELECT l."id", l."elder_id", l."month", l."amount_fen", '重复发放：同一老人同一项目同一月份已有一行'
FROM "payment_lines" l JOIN "payment_lists" p ON p."id" = l."list_id"
WHERE l."duplicate_of" IS NOT NULL AND NOT l."pooled" AND l."problem" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "payment_recoveries" r WHERE r."line_id" = l."id");--> statement-breakpoint
-- Entitlement periods that differ only in where a recompute cut them become one again.
WITH w AS (
  SELECT "id", "elder_id", "programme", "valid_from", "valid_to",
    CASE WHEN lag("valid_to") OVER p = "valid_from" - 1
          AND lag("version_id") OVER p = "version_id"
          AND lag("class_code") OVER p IS NOT DISTINCT FROM "class_code"
          AND lag("class_label") OVER p IS NOT DISTINCT FROM "class_label"
          AND lag("benefit") OVER p = "benefit"
          AND lag("district_share") OVER p IS NOT DISTINCT FROM "district_share"
          AND lag("street_share") OVER p IS NOT DISTINCT FROM "street_share"
         THEN 0 ELSE 1 END AS "new_island"
  FROM "entitlements"
  WINDOW p AS (PARTITION BY "elder_id", "programme" ORDER BY "valid_from", "id")
), i AS (
  SELECT *, sum("new_island") OVER (PARTITION BY "elder_id", "programme" ORDER BY "valid_from", "id") AS "island"
  FROM w
), m AS (
  SELECT "elder_id", "programme", "island", min("id") AS "keep_id", min("valid_from") AS "valid_from",
    CASE WHEN bool_or("valid_to" IS NULL) THEN NULL ELSE max("valid_to") END AS "valid_to"
  FROM i GROUP BY "elder_id", "programme", "island" HAVING count(*) > 1
), upd AS (
  UPDATE "entitlements" e SET "valid_from" = m."valid_from", "valid_to" = m."valid_to"
  FROM m WHERE e."id" = m."keep_id" RETURNING e."id"
)
DELETE FROM "entitlements" e USING i JOIN m USING ("elder_id", "programme", "island")
WHERE e."id" = i."id" AND e."id" <> m."keep_id";--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_slot_uq" ON "job_runs" USING btree ("job","slot");--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_year_issue_uq" ON "ledger_entries" USING btree ("account_id",substr("period", 1, 4)) WHERE kind = 'issue' and basis = 'year';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_paid_once_uq" ON "payment_lines" USING btree ("elder_id","programme","part","month") WHERE duplicate_of is null;