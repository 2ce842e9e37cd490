-- check: the primary key of event_places (event_id, place_order) is unique and never empty.
-- returns: each (event_id, place_order) pair that is empty or held by more than one row.
SELECT event_id, place_order, count(*) AS n_rows
FROM event_places
GROUP BY event_id, place_order
HAVING count(*) > 1 OR event_id IS NULL OR place_order IS NULL;
