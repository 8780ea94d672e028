CREATE TABLE "audit_seals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_id" bigint NOT NULL,
	"to_id" bigint NOT NULL,
	"row_count" integer NOT NULL,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
