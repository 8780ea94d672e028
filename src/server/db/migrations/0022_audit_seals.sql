CREATE TABLE "audit_seals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_id" bigint NOT NULL,
	"to_id" bigint NOT NULL,
	"row_count" integer NOT NULL,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Seals are append-only like the rows they cover (migration 0001's trigger on audit_log).
CREATE FUNCTION audit_seals_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_seals is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_seals_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_immutable();
--> statement-breakpoint
-- A trigger stops the product's role only while it owns the table: an owner may disable triggers.
-- Run the server as a role that owns nothing (README, "Audit"): this gives such a role exactly
-- SELECT and INSERT on the audit tables and takes away anything that changes or empties them. The
-- owner calls it again for a role created later: SELECT audit_restrict_role('yiyang_app').
CREATE FUNCTION audit_restrict_role(app_role name) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT SELECT, INSERT ON audit_log, audit_seals TO %I', app_role);
  EXECUTE format('GRANT USAGE ON SEQUENCE audit_log_id_seq, audit_seals_id_seq TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_log, audit_seals FROM %I', app_role);
  EXECUTE format('REVOKE UPDATE ON SEQUENCE audit_log_id_seq, audit_seals_id_seq FROM %I', app_role);
END;
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yiyang_app') THEN
    PERFORM audit_restrict_role('yiyang_app');
  END IF;
END;
$$;
