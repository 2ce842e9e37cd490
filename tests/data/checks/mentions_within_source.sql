-- check: every mention (date, place, attribution) lies inside its source's span of the raw file.
-- returns: the mentions whose offsets fall outside their article.
SELECT m.mention_id, m.char_start, m.char_end, s.char_start AS source_start, s.char_end AS source_end
FROM mentions AS m
JOIN sources AS s ON s.source_id = m.source_id
WHERE m.char_start < s.char_start OR m.char_end > s.char_end OR m.char_start >= m.char_end;
