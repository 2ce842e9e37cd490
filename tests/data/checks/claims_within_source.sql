-- check: every claim lies inside its source's span of the same raw file:
-- sources.char_start <= claims.char_start < claims.char_end <= sources.char_end.
-- returns: the claims outside their article (or empty, or pointing into another raw file).
SELECT c.claim_id, c.char_start, c.char_end, s.char_start AS source_start, s.char_end AS source_end
FROM claims AS c
JOIN sources AS s ON s.source_id = c.source_id
WHERE c.char_start < s.char_start
   OR c.char_end > s.char_end
   OR c.char_end <= c.char_start
   OR c.raw_path <> s.raw_path;
