CREATE SEQUENCE "public"."certification_status_index_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
CREATE TABLE "certificate_revocation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"status_index" integer NOT NULL,
	"revoked_by" uuid,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuer_key" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" text NOT NULL,
	"first_used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certification" ADD COLUMN "status_index" integer DEFAULT nextval('certification_status_index_seq') NOT NULL;--> statement-breakpoint
ALTER TABLE "certification" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
ALTER TABLE "certification" ADD CONSTRAINT "certification_status_index_unique" UNIQUE("status_index");