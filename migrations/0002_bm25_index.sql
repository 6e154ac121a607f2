-- BM25 ranking through the pg_textsearch extension where the server has it (the embedded PGlite default does).
-- On a Postgres without it nothing happens here and search falls back to ts_rank over the GIN index.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_textsearch') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_textsearch;
      EXECUTE 'CREATE INDEX IF NOT EXISTS chunks_bm25_idx ON chunks USING bm25 (index_text) WITH (text_config = ''english'')';
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'pg_textsearch is available but could not be enabled: %', SQLERRM;
    END;
  END IF;
END
$$;
