-- check: value, low and high follow the qualifier rules of the data dictionary:
-- exact low = high = value; approximately low <= value <= high, both present; nearly high = value;
-- at_least low = value, high open; more_than low = value (exclusive), high open; at_most low open,
-- high = value; range value = (low + high) / 2; vague no value, both bounds present.
-- returns: the figures whose value and bounds do not fit their qualifier.
SELECT figure_id, qualifier, value, low, high, text
FROM figures
WHERE NOT coalesce(CASE qualifier
    WHEN 'exact'         THEN value IS NOT NULL AND low = value AND high = value
    WHEN 'approximately' THEN value IS NOT NULL AND low IS NOT NULL AND high IS NOT NULL
    WHEN 'nearly'        THEN value IS NOT NULL AND low IS NOT NULL AND high = value
    WHEN 'at_least'      THEN value IS NOT NULL AND low = value AND high IS NULL
    WHEN 'more_than'     THEN value IS NOT NULL AND low = value AND high IS NULL
    WHEN 'at_most'       THEN value IS NOT NULL AND low IS NULL AND high = value
    WHEN 'range'         THEN low IS NOT NULL AND high IS NOT NULL AND value = (low + high) / 2
    WHEN 'vague'         THEN value IS NULL AND low IS NOT NULL AND high IS NOT NULL
    ELSE false
  END, false);  -- a comparison with an empty bound is NULL: that fails too
