CREATE TABLE "bank_file_layouts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(60) NOT NULL,
	"columns" jsonb NOT NULL,
	"header" boolean DEFAULT true NOT NULL,
	"amount_in" varchar(4) DEFAULT 'yuan' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payee_accounts" (
	"elder_id" integer PRIMARY KEY NOT NULL,
	"payee_kind" varchar(12) NOT NULL,
	"payee_name" varchar(60) NOT NULL,
	"bank_name" varchar(60) NOT NULL,
	"account_cipher" text NOT NULL,
	"account_masked" varchar(40) NOT NULL,
	"updated_by" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_id" integer NOT NULL,
	"elder_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"programme" varchar(30) NOT NULL,
	"part" varchar(12) NOT NULL,
	"amount_fen" integer NOT NULL,
	"pooled" boolean NOT NULL,
	"payee_kind" varchar(12),
	"payee_name" varchar(60),
	"bank_name" varchar(60),
	"account_cipher" text,
	"account_masked" varchar(40),
	"problem" varchar(200)
);
--> statement-breakpoint
CREATE TABLE "payment_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" varchar(7) NOT NULL,
	"kind" varchar(10) NOT NULL,
	"state" varchar(10) DEFAULT 'draft' NOT NULL,
	"totals" jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exported_at" timestamp with time zone,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_recoveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"line_id" bigint NOT NULL,
	"elder_id" integer NOT NULL,
	"month" varchar(7) NOT NULL,
	"amount_fen" integer NOT NULL,
	"reason" varchar(200) NOT NULL,
	"state" varchar(10) DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_by" integer,
	"settled_at" timestamp with time zone,
	"note" varchar(200)
);
--> statement-breakpoint
ALTER TABLE "bank_file_layouts" ADD CONSTRAINT "bank_file_layouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payee_accounts" ADD CONSTRAINT "payee_accounts_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payee_accounts" ADD CONSTRAINT "payee_accounts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_list_id_payment_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."payment_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_recoveries" ADD CONSTRAINT "payment_recoveries_line_id_payment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."payment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_recoveries" ADD CONSTRAINT "payment_recoveries_elder_id_elders_id_fk" FOREIGN KEY ("elder_id") REFERENCES "public"."elders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_recoveries" ADD CONSTRAINT "payment_recoveries_settled_by_users_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_lines_list_idx" ON "payment_lines" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "payment_lines_elder_idx" ON "payment_lines" USING btree ("elder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lists_uq" ON "payment_lists" USING btree ("month","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_recoveries_line_uq" ON "payment_recoveries" USING btree ("line_id");--> statement-breakpoint
ALTER TABLE "payee_accounts" ADD CONSTRAINT "payee_accounts_kind_ck" CHECK ("payee_kind" IN ('self', 'institution', 'carer'));--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_ck" CHECK ("kind" IN ('allowance', 'tekun') AND "state" IN ('draft', 'exported', 'paid'));--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_amount_ck" CHECK ("amount_fen" > 0);--> statement-breakpoint
ALTER TABLE "payment_recoveries" ADD CONSTRAINT "payment_recoveries_ck" CHECK ("amount_fen" > 0 AND "state" IN ('open', 'recovered', 'waived'));--> statement-breakpoint
INSERT INTO "bank_file_layouts" ("name", "columns", "header", "amount_in") VALUES ('默认代发格式',
  '[{"title":"序号","field":"seq"},{"title":"收款人","field":"payeeName"},{"title":"账号","field":"accountNo"},{"title":"开户行","field":"bankName"},{"title":"金额","field":"amount"},{"title":"身份证号","field":"idNumber"},{"title":"摘要","field":"remark"}]'::jsonb, true, 'yuan');
