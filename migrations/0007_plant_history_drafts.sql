CREATE TABLE "sim_history" (
	"site_id" text NOT NULL,
	"tag" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"values" real[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" text NOT NULL,
	"asset" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"priority" integer,
	"work_type" text,
	"status" text DEFAULT 'awaiting_approval' NOT NULL,
	"requested_by" uuid,
	"conversation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sim_history_pk" ON "sim_history" USING btree ("site_id","tag","hour");--> statement-breakpoint
CREATE INDEX "work_order_drafts_site_idx" ON "work_order_drafts" USING btree ("site_id","created_at");