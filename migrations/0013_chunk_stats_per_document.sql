-- Lexeme statistics are added by one routine, chunk_stats_add(tsvectors): the insert trigger calls it per
-- statement, saveDocument once per document. While a writer accounts for a whole document itself (a
-- transaction-local setting) the trigger steps aside: one upsert per distinct lexeme of the document instead of
-- one per lexeme of every insert batch (the trigger cost ~0.065 ms a chunk of an upload at 100k chunks). Any
-- other insert into chunks is still counted by the trigger.
CREATE FUNCTION chunk_stats_add(tsvs tsvector[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO lexeme_stats (lexeme, df)
    SELECT l, count(*) FROM unnest(tsvs) AS t(tsv), unnest(tsvector_to_array(t.tsv)) AS l GROUP BY l
  ON CONFLICT (lexeme) DO UPDATE SET df = lexeme_stats.df + excluded.df;
  INSERT INTO corpus_stats (id, chunks, lexemes)
    SELECT 1, count(*), coalesce(sum(length(t.tsv)), 0) FROM unnest(tsvs) AS t(tsv)
  ON CONFLICT (id) DO UPDATE SET chunks = corpus_stats.chunks + excluded.chunks,
                                lexemes = corpus_stats.lexemes + excluded.lexemes;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION chunks_stats_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('copilot.chunk_stats_by_writer', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM chunk_stats_add(ARRAY(SELECT tsv FROM new_rows));
  RETURN NULL;
END
$$;
