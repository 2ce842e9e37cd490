-- check: every figure lies inside its claim's span of the same raw file:
-- claims.char_start <= figures.char_start < figures.char_end <= claims.char_end.
-- returns: the figures outside their claim (or empty, or pointing into another raw file).
SELECT f.figure_id, f.char_start, f.char_end, c.char_start AS claim_start, c.char_end AS claim_end
FROM figures AS f
JOIN claims AS c ON c.claim_id = f.claim_id
WHERE f.char_start < c.char_start
   OR f.char_end > c.char_end
   OR f.char_end <= f.char_start
   OR f.raw_path <> c.raw_path;
