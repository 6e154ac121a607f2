-- The lexeme statistics trigger steps aside while a writer accounts for a whole document at once
-- (saveDocument: one upsert per document instead of one per insert statement, which cost ~0.065 ms a chunk at
-- 100k chunks). Any other insert into chunks is still counted by the trigger.
CREATE OR REPLACE FUNCTION chunks_stats_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('copilot.chunk_stats_by_writer', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO lexeme_stats (lexeme, df)
    SELECT l, count(*) FROM new_rows, unnest(tsvector_to_array(new_rows.tsv)) AS l GROUP BY l
  ON CONFLICT (lexeme) DO UPDATE SET df = lexeme_stats.df + excluded.df;
  INSERT INTO corpus_stats (id, chunks, lexemes)
    SELECT 1, count(*), coalesce(sum(length(tsv)), 0) FROM new_rows
  ON CONFLICT (id) DO UPDATE SET chunks = corpus_stats.chunks + excluded.chunks,
                                lexemes = corpus_stats.lexemes + excluded.lexemes;
  RETURN NULL;
END
$$;
