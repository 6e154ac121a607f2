-- chunks.tsv stays to_tsvector('english', index_text) but is written by the chunk insert instead of being a
-- generated column: for large embedded loads the ingest helper thread computes it beforehand with the same
-- function in its own PGlite, taking the tokenising (~0.15 ms of ~0.7 ms a chunk) off the store's thread
-- (src/ingest/prepare.ts). Existing values are kept.
ALTER TABLE "chunks" ALTER COLUMN "tsv" DROP EXPRESSION;
