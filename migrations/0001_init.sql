CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"role" text NOT NULL,
	"sites" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "chunks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"ordinal" integer NOT NULL,
	"page" integer,
	"section" text,
	"text" text NOT NULL,
	"index_text" text NOT NULL,
	"asset_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', index_text)) STORED NOT NULL,
	"embedding" vector,
	"embedding_model" text
);
--> statement-breakpoint
CREATE TABLE "document_files" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" text NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"mime_type" text NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"page_count" integer,
	"byte_size" integer NOT NULL,
	"asset_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"document_id" uuid,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"site_id" text NOT NULL,
	"wo_id" text NOT NULL,
	"equipment_id" text,
	"equipment_name" text,
	"description" text,
	"failure_code" text,
	"failure_description" text,
	"problem_code" text,
	"problem_description" text,
	"work_type" text,
	"priority" text,
	"reported_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_hours" real,
	"labor_hours" real,
	"status" text,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chunks_document_idx" ON "chunks" USING btree ("document_id","ordinal");--> statement-breakpoint
CREATE INDEX "chunks_site_kind_idx" ON "chunks" USING btree ("site_id","kind");--> statement-breakpoint
CREATE INDEX "chunks_tsv_idx" ON "chunks" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "chunks_asset_tags_idx" ON "chunks" USING gin ("asset_tags");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_site_source_uq" ON "documents" USING btree ("site_id","source");--> statement-breakpoint
CREATE INDEX "documents_asset_tags_idx" ON "documents" USING gin ("asset_tags");--> statement-breakpoint
CREATE INDEX "ingest_jobs_started_idx" ON "ingest_jobs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "work_orders_site_equipment_idx" ON "work_orders" USING btree ("site_id","equipment_id");--> statement-breakpoint
CREATE INDEX "work_orders_site_finished_idx" ON "work_orders" USING btree ("site_id","finished_at");--> statement-breakpoint
CREATE INDEX "work_orders_wo_idx" ON "work_orders" USING btree ("site_id","wo_id");--> statement-breakpoint
CREATE INDEX "work_orders_document_idx" ON "work_orders" USING btree ("document_id");