-- Where BM25 serves the lexical search (pg_textsearch enabled with its index), the GIN index over the tsvector
-- serves no query: the reranker reads each candidate's tsvector by id, and ts_rank is only the fallback for a
-- server without BM25. Keeping it up costs every inserted chunk; drop it there. Without BM25 it stays.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_textsearch')
     AND EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'chunks_bm25_idx') THEN
    DROP INDEX IF EXISTS chunks_tsv_idx;
  END IF;
END
$$;
