CREATE TABLE "policy_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme" varchar(30) NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"params" jsonb NOT NULL,
	"note" varchar(200),
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"code" varchar(30) PRIMARY KEY NOT NULL,
	"name" varchar(60) NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_programme_programmes_code_fk" FOREIGN KEY ("programme") REFERENCES "public"."programmes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_from_uq" ON "policy_versions" USING btree ("programme","effective_from");