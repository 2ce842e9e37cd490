-- check: the primary key of estimates (event_id, measure, place_order) is unique and never empty.
-- returns: each (event_id, measure, place_order) that is empty or held by more than one row.
SELECT event_id, measure, place_order, count(*) AS n_rows
FROM estimates
GROUP BY event_id, measure, place_order
HAVING count(*) > 1 OR event_id IS NULL OR measure IS NULL OR place_order IS NULL;
