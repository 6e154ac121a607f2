CREATE TABLE "corpus_stats" (
	"id" integer PRIMARY KEY NOT NULL,
	"chunks" bigint NOT NULL,
	"lexemes" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lexeme_stats" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"df" integer NOT NULL
);
