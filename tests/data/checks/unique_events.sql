-- check: the primary key of events (event_id) is unique and never empty.
-- returns: each event_id value that is empty or held by more than one row, with its row count.
SELECT event_id, count(*) AS n_rows
FROM events
GROUP BY event_id
HAVING count(*) > 1 OR event_id IS NULL OR event_id = '';
