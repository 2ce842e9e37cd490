-- check: a figure's lower bound is not above its upper bound (low <= high where both are present).
-- returns: the figures with low > high.
SELECT figure_id, low, high, qualifier, text
FROM figures
WHERE low IS NOT NULL AND high IS NOT NULL AND low > high;
