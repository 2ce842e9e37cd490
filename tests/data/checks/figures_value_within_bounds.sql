-- check: a figure's point value lies within its bounds, low <= value <= high, wherever value
-- and the bound are both present (an empty bound is open).
-- returns: the figures whose value is outside their bounds.
SELECT figure_id, value, low, high, qualifier, text
FROM figures
WHERE value IS NOT NULL
  AND (
        (low IS NOT NULL AND value < low)
     OR (high IS NOT NULL AND value > high)
  );
