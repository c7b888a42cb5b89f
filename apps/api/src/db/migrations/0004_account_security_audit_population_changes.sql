CREATE TABLE "account_security" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"sessions_ended_at" timestamp with time zone,
	"recovery_code_hash" text,
	"password_changed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_login" text,
	"action" text NOT NULL,
	"unit_code" text,
	"province_code" text,
	"target_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "population_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"group" text NOT NULL,
	"old_count" integer,
	"new_count" integer NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "account_security" ADD CONSTRAINT "account_security_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_event_at_idx" ON "audit_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_event_province_idx" ON "audit_event" USING btree ("province_code","at");--> statement-breakpoint
CREATE INDEX "population_change_unit_idx" ON "population_change" USING btree ("unit_code","year","group");--> statement-breakpoint
CREATE INDEX "population_change_status_idx" ON "population_change" USING btree ("status");--> statement-breakpoint
-- Hand-written: audit_event is append-only. The app never updates or deletes a row; this refuses it
-- for anyone else who tries through SQL as the app's role (a superuser can still drop the trigger, and
-- that act is then visible in the server's own logs).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_event_no_update" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
