ALTER TABLE "appropriations" ADD COLUMN "shares" jsonb;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "cost_share" jsonb;--> statement-breakpoint
ALTER TABLE "settlement_shares" ADD COLUMN "shares" jsonb;--> statement-breakpoint
-- Cost shares name their levels (issue 16, point 8): the old district : street pair becomes a
-- list of levels, in policy versions, entitlements, booked shares and appropriations alike.
UPDATE "policy_versions" SET "params" = jsonb_set("params", '{costShare}', jsonb_build_array(
  jsonb_build_object('level', 'district', 'parts', ("params"->'costShare'->>'district')::int),
  jsonb_build_object('level', 'street', 'parts', ("params"->'costShare'->>'street')::int)))
WHERE jsonb_typeof("params"->'costShare') = 'object';--> statement-breakpoint
UPDATE "entitlements" SET "cost_share" = jsonb_build_array(
  jsonb_build_object('level', 'district', 'parts', "district_share"),
  jsonb_build_object('level', 'street', 'parts', "street_share"));--> statement-breakpoint
UPDATE "settlement_shares" SET "shares" = jsonb_build_object('district', "district_fen", 'street', "street_fen");--> statement-breakpoint
UPDATE "appropriations" SET "shares" = jsonb_build_object('district', "district_fen", 'street', "street_fen");--> statement-breakpoint
-- The sum of a level → fen object, for the checks that the parts add up to the whole.
CREATE OR REPLACE FUNCTION fen_shares_sum(s jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT coalesce(sum(value::int), 0)::int FROM jsonb_each_text(s)
$$;
