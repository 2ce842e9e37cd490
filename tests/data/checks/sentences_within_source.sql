-- check: every sentence lies inside its source's span:
-- sources.char_start <= sentences.char_start < sentences.char_end <= sources.char_end.
-- returns: the sentences outside their article, or empty.
SELECT t.sentence_id, t.char_start, t.char_end, s.char_start AS source_start, s.char_end AS source_end
FROM sentences AS t
JOIN sources AS s ON s.source_id = t.source_id
WHERE t.char_start < s.char_start
   OR t.char_end > s.char_end
   OR t.char_end <= t.char_start;
