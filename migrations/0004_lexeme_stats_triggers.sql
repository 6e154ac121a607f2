-- Keep lexeme_stats (document frequency per lexeme) and corpus_stats (chunk count, total distinct lexemes) in
-- step with chunks, whoever writes: statement triggers over the transition tables, cascade deletes included.
-- A chunk's text never changes after insert (a changed document replaces its chunks), so no UPDATE trigger.
CREATE FUNCTION chunks_stats_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
--> statement-breakpoint
CREATE FUNCTION chunks_stats_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE lexeme_stats s SET df = s.df - o.n
    FROM (SELECT l, count(*) AS n FROM old_rows, unnest(tsvector_to_array(old_rows.tsv)) AS l GROUP BY l) o
   WHERE s.lexeme = o.l;
  DELETE FROM lexeme_stats WHERE df <= 0;
  UPDATE corpus_stats SET chunks = chunks - o.n, lexemes = lexemes - o.len
    FROM (SELECT count(*) AS n, coalesce(sum(length(tsv)), 0) AS len FROM old_rows) o
   WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_add();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_remove();
--> statement-breakpoint
INSERT INTO lexeme_stats (lexeme, df)
  SELECT l, count(*) FROM chunks, unnest(tsvector_to_array(chunks.tsv)) AS l GROUP BY l;
--> statement-breakpoint
INSERT INTO corpus_stats (id, chunks, lexemes) SELECT 1, count(*), coalesce(sum(length(tsv)), 0) FROM chunks;
