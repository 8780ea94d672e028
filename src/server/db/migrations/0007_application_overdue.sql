CREATE TABLE "application_overdue" (
	"application_id" integer NOT NULL,
	"state" varchar(20) NOT NULL,
	"deadline" date NOT NULL,
	"recorded_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_overdue" ADD CONSTRAINT "application_overdue_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_overdue_uq" ON "application_overdue" USING btree ("application_id","state","deadline");